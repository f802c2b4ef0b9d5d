"""The vocabulary page in the export registry: same charts as the page, its presets, its files."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from collapse_core import presets, simulate
from collapse_ui import export as cli
from collapse_ui.exporting import pages as registry
from collapse_ui.exporting import renderer
from collapse_ui.exporting.figure_data import figure_csv

SPEC = registry.get("vocabulary")
SMALL = {
    **SPEC.defaults(),
    "categories": 200,
    "sample_size": 500,
    "generations": 30,
    "replicates": 10,
    "seed": 4,
}


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)


def test_rare_words_preset_maps_to_the_page_settings():
    preset = presets.get("rare-words")
    values = SPEC.values_from_preset(preset)
    assert SPEC.config_from(values) == preset.config


def test_names_and_caption_carry_key_settings_and_seed():
    stem, line = SPEC.file_stem(SMALL), SPEC.settings_line(SMALL)
    assert stem == "vocabulary_zipf_K200_M500_G30_replace_R10_seed4"
    assert "seed 4" in line and "500 tokens per generation" in line and "Zipf s = 1 over 200 words" in line
    english = {**SMALL, "truth": "english", "real_fraction": 0.1, "smoothing": 0.5}
    assert (
        SPEC.file_stem(english) == "vocabulary_english_K200_M500_G30_replace_real10fresh_alpha0p5_R10_seed4"
    )
    assert "top 200 English words" in SPEC.settings_line(english)


def test_csv_matches_every_vocabulary_chart():
    digest = SPEC.digest(simulate(SPEC.config_from(SMALL)))
    for _, fig, _ in SPEC.charts(digest, SMALL):
        rows = list(csv.DictReader(io.StringIO(figure_csv(fig))))
        expected = [(tr.name or f"trace {i}", y) for i, tr in enumerate(fig.data) for y in tr.y]
        assert [r["trace"] for r in rows] == [n for n, _ in expected]
        assert [float(r["y"]) if r["y"] else None for r in rows] == [
            None if y is None else float(y) for _, y in expected
        ]


def test_cli_exports_the_vocabulary_page_without_a_browser(no_chromium, tmp_path, capsys):
    code = cli.main(
        [
            "--page",
            "vocabulary",
            "--set",
            "categories=200",
            "--set",
            "generations=20",
            "--set",
            "replicates=10",
            "--out",
            str(tmp_path),
            "--format",
            "html,csv",
        ]
    )
    assert code == 0, capsys.readouterr().err
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert sum(f.startswith("data/") and f.endswith(".csv") for f in files) == 5
    assert any(f.endswith(".html") for f in files)
    assert cli.main(["--page", "vocabulary", "--set", "truth=klingon", "--out", str(tmp_path)]) == 2


def test_pack_zip_for_a_vocabulary_preset(no_chromium):
    from collapse_ui.exporting.pack import build_zip

    req = SPEC.pack_request(
        SPEC.values_from_preset(presets.get("rare-words")), formats=("html", "csv", "json")
    )
    names = zipfile.ZipFile(io.BytesIO(build_zip(req))).namelist()
    assert sum(n.endswith(".csv") for n in names) == 5 and any(n.endswith("config.json") for n in names)
