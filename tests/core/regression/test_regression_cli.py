"""Regression family: config validation messages, budget, the command line."""

import json
import subprocess
import sys

import pytest

from collapse_core import INTERACTIVE, WorkBudgetError, simulate
from collapse_core.cli import main
from collapse_core.regression import RegressionConfig


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (dict(dimension=0), "dimension must be an integer from 1 to 50; got 0"),
        (dict(dimension=51), "dimension must be an integer from 1 to 50; got 51"),
        (dict(dimension=True), "dimension must be an integer from 1 to 50; got True (bool)"),
        (dict(dimension=10, sample_size=11), "sample_size must be at least dimension + 2 = 12"),
        (dict(noise=0.0), "noise must lie in (0,"),
        (dict(weight_norm=float("inf")), "weight_norm must be a finite number"),
        (dict(regime="keep"), "regime must be one of replace, accumulate, accumulate-subsample"),
    ],
)
def test_config_validation_names_the_field(kwargs, fragment):
    with pytest.raises(ValueError) as exc:
        RegressionConfig(**kwargs)
    assert fragment in str(exc.value)


def test_budget_refuses_with_a_hint():
    cfg = RegressionConfig(dimension=50, sample_size=1000, generations=500, replicates=1000)
    with pytest.raises(WorkBudgetError, match=r"over the interactive (budget|memory ceiling) of"):
        simulate(cfg, budget=INTERACTIVE)


ARGS = [
    "simulate",
    "--family",
    "regression",
    "--sample-size",
    "12",
    "--generations",
    "4",
    "--replicates",
    "6",
    "--seed",
    "3",
]


def test_cli_json_shape(capsys):
    assert main([*ARGS, "--dimension", "3", "--noise", "0.5", "--regime", "accumulate"]) == 0
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
    assert doc["config"]["family"] == "regression" and doc["config"]["dimension"] == 3
    assert doc["provenance"]["family"] == "regression" and doc["provenance"]["seed"] == 3
    assert doc["summary"]["test_error"]["mean"][0] == pytest.approx(0.25)
    assert len(doc["theory"]["expected_test_error"]) == 5
    assert doc["theory"]["accumulate_limit_excess_risk"] > doc["theory"]["expected_excess_risk"][-1]


def test_cli_csv_and_preset(capsys, tmp_path):
    out = tmp_path / "r.csv"
    assert (
        main(
            [
                "simulate",
                "--preset",
                "regression-accumulate",
                "--side",
                "compare",
                "--generations",
                "3",
                "--replicates",
                "5",
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    header = out.read_text().splitlines()[0].split(",")
    assert "test_error_median" in header and "theory_expected_test_error" in header


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--dimension", "20"], "sample_size must be at least dimension + 2 = 22"),
        (["--dimension", "x"], "argument --dimension: invalid int value: 'x'"),
        (["--bandwidth", "0.3"], "--bandwidth belongs to --family kde"),
        (["--engine", "exact"], "engine must be one of auto, monte-carlo for the regression family"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(extra, fragment):
    proc = subprocess.run(
        [sys.executable, "-m", "collapse_core", *ARGS, *extra], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m collapse_core: error: ")
    assert fragment in lines[0]
    assert proc.stdout == ""
