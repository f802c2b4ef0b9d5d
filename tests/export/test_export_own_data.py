"""Exports with your data: the pack carries the data as CSV and its hash in config.json;
every CSV the app writes quotes formula-looking text (=, +, -, @ first: a leading ')."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from collapse_core import csv_safe
from collapse_core.output import csv_text
from collapse_core.userdata import store
from collapse_ui.exporting import pack, renderer
from collapse_ui.exporting import pages as registry
from collapse_ui.exporting.figure_data import figure_csv

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_quoted(text):
    assert csv_safe.cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-1.5", "+2", "-3e-5", "-inf", "nan", "12", "plain", -4.0, 7])
def test_numbers_and_plain_text_stay(value):
    assert csv_safe.cell(value) == value


def test_figure_csv_quotes_a_hostile_trace_name():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[-1.5, 2.0], name="=cmd|'/C calc'!A0"))
    rows = list(csv.reader(io.StringIO(figure_csv(fig))))
    assert rows[1] == ["'=cmd|'/C calc'!A0", "x", "y", "1", "-1.5"]


def test_summary_csv_keeps_negative_numbers_as_numbers():
    doc = {
        "generations": [0, 1],
        "summary": {"mean": {s: [0.0, -0.25] for s in ("mean", "median", "q05", "q95")}},
    }
    rows = list(csv.reader(io.StringIO(csv_text(doc))))
    assert rows[2][1] == "-0.25"


def test_data_csv_round_trips_and_quotes_hostile_labels():
    text = csv_safe.columns_csv({"x": np.array([-1.0, 0.1]), "who": ("=1+1", "ok")})
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["x", "who"], ["-1.0", "'=1+1"], ["0.1", "ok"]]


def test_pack_carries_your_data_and_its_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)
    values = np.array([150.0, 160, 170, 185, 240, -3.5])
    h = store.put_values({"=height": values}, "height", "cm")
    spec = registry.get("gaussian")
    settings = {
        **spec.defaults(),
        "sample_size": 20,
        "generations": 10,
        "replicates": 20,
        "seed": 5,
        "data": h,
    }
    files = pack.build_files(spec.pack_request(settings, formats=("csv", "json")))
    config = json.loads(files["config.json"])
    assert config["config"]["data"] == h and config["settings"]["data"] == h
    rows = list(csv.reader(io.StringIO(files[f"data/your_data_{h[:12]}.csv"].decode())))
    assert rows[0] == ["'=height"]
    assert [float(r[0]) for r in rows[1:]] == values.tolist()
    assert any(name.endswith("your-data-beside-the-models-fitted-to-it.csv") for name in files), sorted(files)
