"""Export packs of the mixture and vocabulary pages with your data: the data as CSV, its hash
in config.json, and (mixture) the data's own chart among the figures."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from collapse_core.userdata import store
from collapse_ui.exporting import pack, renderer
from collapse_ui.exporting import pages as registry


@pytest.fixture
def no_browser(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)


def _pack(page: str, h: str, **extra) -> dict:
    spec = registry.get(page)
    settings = {**spec.defaults(), "generations": 5, "replicates": 10, "seed": 5, "data": h, **extra}
    return pack.build_files(spec.pack_request(settings, formats=("csv", "json")))


def test_mixture_pack_carries_the_data(no_browser):
    values = np.array([150.0, 151, 152, 170, 171, 172, 240])
    h = store.put_values({"height": values}, "height", "cm")
    files = _pack("mixture", h, sample_size=20)
    config = json.loads(files["config.json"])
    assert config["config"]["data"] == h and config["config"]["dimension"] == 1
    rows = list(csv.reader(io.StringIO(files[f"data/your_data_{h[:12]}.csv"].decode())))
    assert [float(r[0]) for r in rows[1:]] == values.tolist()
    assert any(name.endswith("your-data-beside-the-models-fitted-to-it.csv") for name in files), sorted(files)


def test_vocabulary_pack_carries_the_labels(no_browser):
    h = store.put_values({"word": ("=sun", "moon", "star"), "count": np.array([5.0, 3.0, 1.0])}, "sky")
    files = _pack("categorical", h, sample_size=10)
    config = json.loads(files["config.json"])
    assert config["config"]["data"] == h and config["config"]["categories"] == 3
    rows = list(csv.reader(io.StringIO(files[f"data/your_data_{h[:12]}.csv"].decode())))
    assert rows == [["word", "count"], ["'=sun", "5.0"], ["moon", "3.0"], ["star", "1.0"]]
