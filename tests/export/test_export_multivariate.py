"""The multivariate page in the export registry: its presets map to the page, names carry the
settings, and the command line writes one CSV per chart without a browser."""

from __future__ import annotations

import pytest

from collapse_core import presets
from collapse_ui import export as cli
from collapse_ui.exporting import pages as registry
from collapse_ui.exporting import renderer

SPEC = registry.get("multivariate")
SMALL = {**SPEC.defaults(), "dimension": 3, "sample_size": 20, "generations": 15, "replicates": 10, "seed": 4}


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)


@pytest.mark.parametrize("name", ["mvn-ellipse", "mvn-spectrum", "mvn-accumulate"])
def test_presets_map_to_the_page_settings(name):
    preset = presets.get(name)
    assert SPEC.config_from(SPEC.values_from_preset(preset)) == preset.config


def test_names_and_caption_carry_key_settings_and_seed():
    stem, line = SPEC.file_stem(SMALL), SPEC.settings_line(SMALL)
    assert stem == "multivariate_d3_k4_rot30_M20_G15_replace_mle_R10_seed4"
    assert "d = 3" in line and "seed 4" in line and "tilt 30°" in line
    assert SPEC.file_stem({**SMALL, "rotation": -22.5}).startswith("multivariate_d3_k4_rotm22p5_")


def test_cli_exports_the_page_without_a_browser(no_chromium, tmp_path, capsys):
    code = cli.main(
        [
            "--page",
            "multivariate",
            "--set",
            "dimension=3",
            "--set",
            "generations=20",
            "--set",
            "replicates=10",
            "--out",
            str(tmp_path),
            "--format",
            "csv,json",
        ]
    )
    assert code == 0, capsys.readouterr().err
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert sum(f.startswith("data/") and f.endswith(".csv") for f in files) == 6
    assert cli.main(["--page", "multivariate", "--set", "dimension=99", "--out", str(tmp_path)]) == 2
