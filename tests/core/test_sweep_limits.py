"""A sweep's whole grid against the batch budget before the first cell, and metrics or
generations named twice read once (first mention's order kept)."""

import pandas as pd
import pytest

from collapse_core.budget import BATCH
from collapse_core.cli import main
from collapse_core.sweep import runner
from collapse_core.sweep.spec import Axis, SweepSpec, predicted_cpu_seconds

# Each cell (M = 10^5, G = 1000, R = 1000, Monte Carlo) is predicted at about 1,290 CPU-s,
# inside the batch budget of 3,600 per run; 1,000 of them are about 1.3 million CPU-s.
HEAVY = [
    "sweep",
    "--family",
    "gaussian",
    "--sample-size",
    "100000",
    "--generations",
    "1000",
    "--replicates",
    "1000",
    "--engine",
    "monte-carlo",
    "--metric",
    "variance_ratio",
    "--scheduler",
    "serial",
    "--no-progress",
    "--seed",
    "1",
]


@pytest.fixture
def no_cell_may_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a cell started although the grid is over budget")

    monkeypatch.setattr(runner, "cell_rows", refuse)


@pytest.mark.parametrize("count", [3, 1000])
def test_grid_over_the_batch_budget_is_refused_before_any_cell(count, no_cell_may_run, tmp_path, capsys):
    code = main([*HEAVY, "--vary", f"real_fraction=0:0.5:{count}", "--out", str(tmp_path / "s.parquet")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "whole sweep" in err and f"{BATCH.cpu_seconds:,.0f} CPU-seconds" in err and "fewer cells" in err
    assert not list(tmp_path.iterdir())


def test_grid_total_is_the_sum_of_the_cells_predictions():
    spec = SweepSpec(
        family="gaussian",
        axes=(Axis("sample_size", (10, 100, 1000)),),
        metrics=(("variance_ratio", "median"),),
        base={"generations": 100, "replicates": 50},
    )
    from collapse_core import budget

    total, largest = predicted_cpu_seconds(spec)
    each = [
        budget.predict(c.config, spec.fam.choose_engine(c.config, "auto")[0]).cpu_seconds
        for c in spec.cells()
    ]
    assert total == pytest.approx(sum(each)) and largest == pytest.approx(max(each))


def test_repeated_metric_and_generations_are_read_once(tmp_path, capsys):
    out = tmp_path / "s.csv"
    code = main(
        [
            "sweep",
            "--family",
            "gaussian",
            "--generations",
            "4",
            "--replicates",
            "12",
            "--scheduler",
            "serial",
            "--no-progress",
            "--seed",
            "3",
            "--vary",
            "sample_size=5,10",
            "--metric",
            "variance_ratio",
            "--metric",
            "variance_ratio:median",
            "--metric",
            "mean:mean",
            "--metric",
            "variance_ratio",
            "--at-generation",
            "3,0,3,0,0",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    df = pd.read_csv(out)
    assert len(df) == 2 * 2 * 2  # cells x distinct metrics x distinct generations
    assert not df.duplicated(["cell", "metric", "statistic", "generation"]).any()
    spec = SweepSpec(
        family="gaussian",
        axes=(Axis("sample_size", (5,)),),
        metrics=(("variance_ratio", "median"), ("mean", "mean"), ("variance_ratio", "median")),
        read=(3, 0, 3),
    )
    assert spec.metrics == (("variance_ratio", "median"), ("mean", "mean")) and spec.read == (3, 0)
