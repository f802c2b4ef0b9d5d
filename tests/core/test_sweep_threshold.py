"""How much real data is enough: the theory threshold (bisection over the integer n_real on the
exact moment recursion) against brute force, and the sweep's threshold against it within the
grid's resolution."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from collapse_core import CategoricalConfig, GaussianConfig
from collapse_core.sweep import Axis, SweepSpec
from collapse_core.sweep.runner import run_sweep
from collapse_core.sweep.threshold import (
    _first_from,
    answer,
    check_monotone,
    expected_metric,
    sweep_threshold,
    theory_curve,
    theory_threshold,
)


def brute_force(cfg, level, op=">="):
    for k in range(cfg.sample_size + 1):
        v = expected_metric(
            dataclasses.replace(cfg, real_fraction=k / cfg.sample_size), "variance_ratio", cfg.generations
        )
        if (v >= level) if op == ">=" else (v <= level):
            return k / cfg.sample_size
    return math.nan


@pytest.mark.parametrize("m", [5, 12, 40, 97])
@pytest.mark.parametrize("level", [0.6, 0.9, 0.97])
def test_bisection_equals_brute_force(m, level):
    cfg = GaussianConfig(sample_size=m, generations=40)
    assert check_monotone(cfg, "variance_ratio")
    got, want = theory_threshold(cfg, "variance_ratio", level), brute_force(cfg, level)
    assert (math.isnan(got) and math.isnan(want)) or got == want


def test_theory_edges_and_no_closed_form():
    cfg = GaussianConfig(sample_size=20, generations=50)
    assert math.isnan(theory_threshold(cfg, "variance_ratio", 0.99))  # even all-real data misses it
    assert theory_threshold(cfg, "variance_ratio", 0.01) == 0.0
    assert theory_threshold(dataclasses.replace(cfg, estimator="unbiased"), "variance_ratio", 0.99) == 0.0
    assert theory_threshold(cfg, "kl_divergence", 0.1) is None  # no exact expectation
    assert (
        theory_threshold(dataclasses.replace(cfg, regime="accumulate-subsample"), "variance_ratio", 0.9)
        is None
    )
    # Smaller samples need more real data.
    curve = theory_curve(cfg, [20, 50, 200], "variance_ratio", 0.9)
    assert curve[0] > curve[1] > curve[2] > 0
    # The categorical family's exact expected_heterozygosity works the same way; its
    # expected_surviving holds without real data only, so it gives no threshold.
    cat = CategoricalConfig(truth="uniform", categories=50, sample_size=50, generations=20)
    assert 0 < theory_threshold(cat, "heterozygosity", 0.9) < 1
    assert theory_threshold(cat, "surviving", 40) is None


def test_first_from():
    r = np.array([0.0, 0.1, 0.2, 0.3])
    assert _first_from(r, np.array([False, True, False, True])) == 0.3
    assert _first_from(r, np.array([True, True, True, True])) == 0.0
    assert math.isnan(_first_from(r, np.array([True, True, True, False])))


def test_sweep_threshold_on_exact_values_is_the_next_grid_point():
    """With the theory's own values in the table, the sweep's answer is the first grid share
    whose round(r M) reaches the exact integer threshold."""
    grid = np.linspace(0, 0.5, 11)
    rows = []
    for m in (20, 50):
        for r in grid:
            cfg = GaussianConfig(sample_size=m, generations=50, real_fraction=float(r))
            v = expected_metric(cfg, "variance_ratio", 50)
            rows.append(
                {
                    "cell": len(rows),
                    "sample_size": m,
                    "real_fraction": r,
                    "metric": "variance_ratio",
                    "statistic": "mean",
                    "generation": 50,
                    "value": v,
                    "ci_low": v,
                    "ci_high": v,
                }
            )
    out = sweep_threshold(pd.DataFrame(rows), "variance_ratio", "mean", 0.9)
    for m, got in zip(out["sample_size"], out["share_needed"], strict=True):
        k = round(theory_threshold(GaussianConfig(sample_size=m, generations=50), "variance_ratio", 0.9) * m)
        want = min(r for r in grid if math.floor(r * m + 0.5) >= k)
        assert got == want


def test_sweep_threshold_matches_theory_within_grid_resolution():
    spec = SweepSpec(
        family="gaussian",
        base={"generations": 50, "replicates": 4000},
        axes=(Axis("sample_size", (20, 50)), Axis("real_fraction", tuple(np.linspace(0, 0.5, 11)))),
        metrics=(("variance_ratio", "mean"),),
        root_seed=2,
    )
    table = run_sweep(spec, scheduler="serial").table
    out = sweep_threshold(table, "variance_ratio", "mean", 0.9)
    step = 0.05
    for m, got, lo, hi in out.itertuples(index=False):
        exact = theory_threshold(GaussianConfig(sample_size=m, generations=50), "variance_ratio", 0.9)
        assert abs(got - exact) <= step + 1e-12, (m, got, exact)
        assert lo <= got <= hi
    line = answer(20, out["share_needed"][0], 0.9, "variance_ratio", "mean", 50)
    assert line.startswith("At sample size 20, at least ") and "real data per generation keeps mean" in line
