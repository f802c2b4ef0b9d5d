"""The command line with --family categorical: JSON shape, CSV, and bad arguments."""

import json
import subprocess
import sys

import pytest

from collapse_core.cli import main

ARGS = [
    "simulate",
    "--family",
    "categorical",
    "--categories",
    "300",
    "--sample-size",
    "100",
    "--generations",
    "8",
    "--replicates",
    "6",
    "--seed",
    "3",
]


def test_json_shape(capsys):
    assert main([*ARGS, "--truth", "zipf", "--zipf-exponent", "1.1"]) == 0
    doc = json.loads(capsys.readouterr().out)
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
    assert doc["config"]["family"] == "categorical" and doc["config"]["zipf_exponent"] == 1.1
    for name in (
        "surviving",
        "heterozygosity",
        "entropy",
        "tv_distance",
        "kl_divergence",
        "tail_coverage_top10",
        "tail_coverage_top100",
        "revived",
    ):
        assert set(doc["summary"][name]) == {"mean", "median", "q05", "q95"}
        assert len(doc["summary"][name]["mean"]) == 9
    assert doc["summary"]["surviving"]["mean"][0] == 300
    assert len(doc["theory"]["expected_surviving"]) == 9


def test_csv_and_smoothing_and_english(capsys, tmp_path):
    out = tmp_path / "run.csv"
    argv = [
        *ARGS,
        "--truth",
        "english",
        "--smoothing",
        "0.5",
        "--real-fraction",
        "0.2",
        "--format",
        "csv",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    header = out.read_text().splitlines()[0].split(",")
    assert "surviving_median" in header and "theory_expected_heterozygosity" in header


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--truth", "klingon"], "argument --truth: invalid choice: 'klingon'"),
        (["--categories", "1"], "categories must be an integer from 2"),
        (["--truth", "english", "--categories", "60000"], "from 2 to 50,000; got 60,000 (truth 'english')"),
        (["--zipf-exponent", "-1"], "zipf_exponent must lie in [0, 10]"),
        (["--smoothing", "nan"], "smoothing must be a finite number"),
        (["--engine", "monte-carlo"], "engine must be one of auto, exact for the categorical family"),
        (["--estimator", "unbiased"], "--estimator belongs to --family gaussian"),
        (["--replicates", "100000", "--generations", "1000"], "result cells exceeds the budget"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(extra, fragment):
    proc = subprocess.run(
        [sys.executable, "-m", "collapse_core", *ARGS, *extra], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m collapse_core: error: ")
    assert fragment in lines[0]
    assert proc.stdout == ""


def test_help_lists_categorical_options(capsys):
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    text = capsys.readouterr().out
    for opt in ("--truth", "--categories", "--zipf-exponent", "--smoothing", "tail_coverage_top10"):
        assert opt in text
