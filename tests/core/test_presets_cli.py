"""The command line lists and runs presets; explicit flags override the preset's fields."""

import json
import subprocess
import sys

import pytest

from collapse_core import presets
from collapse_core.cli import main


def run_cli(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_presets_lists_every_preset_with_page_and_title(capsys):
    code, out, err = run_cli(["presets"], capsys)
    assert code == 0 and err == ""
    lines = out.strip().splitlines()
    assert len(lines) == len(presets.PRESETS)
    for line, p in zip(lines, presets.PRESETS.values(), strict=True):
        assert line.split()[:2] == [p.name, p.page] and p.title in line
    assert "rare-words" in out and "categorical" in out


def test_presets_json_holds_full_configs(capsys):
    code, out, _ = run_cli(["presets", "--format", "json"], capsys)
    docs = {d["name"]: d for d in json.loads(out)}
    assert code == 0 and set(docs) == set(presets.PRESETS)
    assert docs["accumulate"]["config"]["regime"] == "accumulate"
    assert docs["rare-words"]["config"]["family"] == "categorical"
    assert docs["accumulate"]["citation"] and docs["accumulate"]["explanation"]


@pytest.mark.parametrize("name", sorted(presets.PRESETS))
def test_simulate_preset_runs_its_config(name, capsys):
    p = presets.get(name)
    # Fewer generations keeps the test quick; everything else comes from the preset.
    code, out, err = run_cli(["simulate", "--preset", name, "--generations", "5"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    want = {**p.config.asdict(), "generations": 5}
    assert doc["config"] == want and doc["seed"] == p.config.seed


def test_explicit_flags_override_even_when_equal_to_the_default(capsys):
    # --regime replace is argparse's default, yet given explicitly it must beat the preset's accumulate.
    code, out, _ = run_cli(
        [
            "simulate",
            "--preset",
            "accumulate",
            "--regime",
            "replace",
            "--generations",
            "3",
            "--seed",
            "9",
            "--replicates",
            "4",
        ],
        capsys,
    )
    cfg = json.loads(out)["config"]
    assert code == 0 and cfg["regime"] == "replace" and cfg["seed"] == 9 and cfg["replicates"] == 4
    assert cfg["sample_size"] == presets.get("accumulate").config.sample_size


def test_compare_side_runs_the_other_configuration_on_the_same_seed(capsys):
    p = presets.get("keep-10pct-real")
    code, out, _ = run_cli(
        ["simulate", "--preset", p.name, "--side", "compare", "--generations", "3"], capsys
    )
    cfg = json.loads(out)["config"]
    assert code == 0 and cfg["real_fraction"] == p.compare.real_fraction == 0.0
    assert cfg["seed"] == p.config.seed


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["simulate", "--preset", "nope"], "unknown preset 'nope'; known presets: paper-gaussian"),
        (["simulate", "--preset", "paper-gaussian", "--side", "compare"], "has no comparison side"),
        (["simulate", "--preset", "rare-words", "--family", "gaussian"], "conflicts with preset"),
        (["simulate", "--side", "compare"], "--side applies with --preset only"),
        (["presets", "--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_bad_preset_arguments_one_line_exit_2(argv, needle, capsys):
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and needle in err, err


def test_module_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "collapse_core", "presets"], capture_output=True, text=True, check=True
    )
    assert "paper-gaussian" in done.stdout
    helped = subprocess.run(
        [sys.executable, "-m", "collapse_core", "simulate", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--preset" in helped.stdout and "--side" in helped.stdout
