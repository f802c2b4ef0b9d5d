"""The command line: JSON and CSV shapes, one-line errors with exit status 2, --help."""

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest

from collapse_core.cli import main
from collapse_core.gaussian.metrics import METRICS

BASE = ["simulate", "--sample-size", "50", "--generations", "12", "--replicates", "40", "--seed", "5"]


def run_cli(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_shape(capsys):
    code, out, err = run_cli(BASE, capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert set(doc) == {
        "config",
        "seed",
        "engine",
        "engine_reason",
        "generations",
        "summary",
        "theory",
        "provenance",
    }
    prov = doc["provenance"]
    assert prov["config"] == doc["config"] and prov["seed"] == doc["seed"] and prov["engine"] == doc["engine"]
    assert prov["bit_generator"] == "PCG64" and prov["budget"]["name"] == "batch"
    assert {"schema_version", "package_version", "python", "numpy", "scipy"} <= set(prov)
    assert doc["seed"] == 5 and doc["engine"] == "exact"
    assert doc["config"]["sample_size"] == 50 and doc["config"]["family"] == "gaussian"
    assert doc["generations"] == list(range(13))
    assert set(doc["summary"]) == set(METRICS)
    vr = doc["summary"]["variance_ratio"]
    assert set(vr) == {"mean", "median", "q05", "q95"}
    assert all(len(v) == 13 for v in vr.values())
    assert vr["median"][0] == 1.0
    assert np.all(np.array(vr["q05"]) <= np.array(vr["q95"]))
    assert len(doc["theory"]["expected_variance_ratio"]) == 13


def test_csv_matches_json(capsys, tmp_path):
    out_file = tmp_path / "run.csv"
    assert run_cli([*BASE, "--format", "csv", "--out", str(out_file)], capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    _, out, _ = run_cli(BASE, capsys)
    doc = json.loads(out)
    assert len(rows) == 13
    got = [float(r["variance_ratio_median"]) for r in rows]
    np.testing.assert_allclose(got, doc["summary"]["variance_ratio"]["median"], rtol=1e-15)
    assert "theory_expected_variance_ratio" in rows[0]


def test_missing_seed_is_recorded(capsys):
    code, out, _ = run_cli(["simulate", "--generations", "3", "--replicates", "5"], capsys)
    doc = json.loads(out)
    assert code == 0 and isinstance(doc["seed"], int) and doc["config"]["seed"] == doc["seed"]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["simulate", "--sample-size", "1"], "sample_size must be an integer from 2"),
        (["simulate", "--sample-size", "ten"], "argument --sample-size: invalid int value"),
        (["simulate", "--regime", "keep"], "argument --regime: invalid choice"),
        (["simulate", "--real-fraction", "2"], "real_fraction must lie in [0, 1]"),
        (["simulate", "--sigma0", "0"], "sigma0 must lie in (0,"),
        (["simulate", "--engine", "exact", "--regime", "accumulate-subsample"], "does not cover"),
        (["simulate", "--generations", "100000", "--replicates", "100000"], "exceeds the budget"),
        (["simulate", "--bogus"], "unrecognized arguments: --bogus"),
        ([], "a command is required"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_one_line_exit_2(argv, needle, capsys):
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and needle in err, err
    assert "Traceback" not in err


def test_unwritable_output_is_one_line_exit_1(capsys, tmp_path):
    code, _, err = run_cli([*BASE, "--out", str(tmp_path / "missing" / "x.json")], capsys)
    assert code == 1 and err.count("\n") == 1 and "cannot write" in err


def test_module_entry_point_and_help():
    done = subprocess.run(
        [sys.executable, "-m", "collapse_core", "simulate", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in (
        "--sample-size",
        "--generations",
        "--replicates",
        "--estimator",
        "--regime",
        "--real-fraction",
        "--real-source",
        "--seed",
        "--engine",
        "--format",
        "--out",
    ):
        assert option in done.stdout
    assert "variance_ratio" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "collapse_core", "simulate", "--replicates", "0"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_start_up_leaves_scipy_stats_unimported():
    """scipy.stats is about a second of start-up: the command line loads it only for the runs that
    need it (categorical theory, contamination sweeps)."""
    code = (
        "import sys, collapse_core.cli; print(sorted(m for m in sys.modules if m.startswith('scipy.stats')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--truth", "english"], "--truth belongs to --family categorical, not gaussian"),
        (["--categories", "7"], "--categories belongs to --family categorical, not gaussian"),
        (["--smoothing", "0.5"], "--smoothing belongs to --family categorical / text, not gaussian"),
    ],
)
def test_flag_of_another_family_is_refused(extra, fragment, capsys):
    code, out, err = run_cli(
        ["simulate", "--family", "gaussian", "--generations", "3", "--replicates", "2", *extra], capsys
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err
