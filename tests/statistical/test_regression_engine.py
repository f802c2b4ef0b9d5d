"""Regression family: the engine against the exact theory (replace grows linearly,
accumulate stays bounded) at 4.5 standard errors, against a per-replicate lstsq reference
chain in distribution (KS p > 1e-4), and its invariants."""

import dataclasses
import math

import numpy as np
import pytest
from regression_reference import reference_runs
from stats_helpers import assert_mean_close, assert_same_distribution

from collapse_core import BATCH, simulate
from collapse_core.regression import (
    RegressionConfig,
    accumulate_limit,
    expected_excess_risk,
    gerstgrasser_bound,
)


def test_theory_written_out():
    cfg = RegressionConfig(dimension=4, sample_size=10, noise=2.0, generations=3)
    one = 4.0 * 4 / (10 - 4 - 1)
    np.testing.assert_allclose(expected_excess_risk(cfg), [0, one, 2 * one, 3 * one])
    acc = RegressionConfig(dimension=4, sample_size=10, noise=2.0, generations=3, regime="accumulate")
    terms = [4.0 * 4 / (k * (10 * k - 5)) for k in (1, 2, 3)]
    np.testing.assert_allclose(expected_excess_risk(acc), np.concatenate([[0], np.cumsum(terms)]))
    # the bounded sum's limit, and the fixed-design form above it, both below pi^2/6 one fit
    big = RegressionConfig(dimension=4, sample_size=10, noise=2.0, generations=100_000, regime="accumulate")
    assert expected_excess_risk(big)[-1] == pytest.approx(accumulate_limit(big), rel=1e-5)
    assert np.all(gerstgrasser_bound(acc) >= expected_excess_risk(acc))
    assert accumulate_limit(big) < one * math.pi**2 / 6


@pytest.mark.slow
@pytest.mark.parametrize(
    "kwargs",
    [
        dict(regime="replace", dimension=5, sample_size=20),
        dict(regime="accumulate", dimension=5, sample_size=20),
        dict(regime="replace", dimension=1, sample_size=8, noise=0.5),  # T - d - 3 > 0: finite variance
        dict(regime="accumulate", dimension=20, sample_size=30, noise=3.0),
        dict(regime="replace", dimension=3, sample_size=12, real_fraction=1.0),
    ],
)
def test_excess_risk_against_theory(kwargs):
    cfg = RegressionConfig(generations=8, replicates=4000, seed=5, **kwargs)
    res = simulate(cfg, budget=BATCH)
    ex = res.metric("excess_risk")
    theory = expected_excess_risk(cfg)
    for t in (1, 4, 8):
        assert_mean_close(ex[:, t], theory[t], f"{kwargs} E||w_{t} - w*||^2")
    np.testing.assert_allclose(res.metric("test_error"), ex + cfg.noise**2)


def test_replace_grows_while_accumulate_stays_bounded():
    base = dict(dimension=5, sample_size=30, generations=40, replicates=300, seed=2)
    rep = simulate(RegressionConfig(**base)).metric("excess_risk").mean(axis=0)
    acc = simulate(RegressionConfig(regime="accumulate", **base)).metric("excess_risk").mean(axis=0)
    one = 5 / 24
    assert rep[-1] > 20 * one  # theory 40 one-fit errors
    assert acc[-1] < one * math.pi**2 / 6 * 1.3


@pytest.mark.slow
@pytest.mark.parametrize(
    "kwargs",
    [
        dict(regime="replace"),
        dict(regime="accumulate", real_fraction=0.3, real_source="fixed"),
        dict(regime="accumulate-subsample", real_fraction=0.2),
        dict(regime="replace", real_fraction=0.5, real_source="fresh"),
    ],
)
def test_engine_matches_reference_in_distribution(kwargs):
    cfg = RegressionConfig(dimension=3, sample_size=10, generations=5, replicates=600, seed=9, **kwargs)
    res = simulate(cfg, budget=BATCH)
    ref = reference_runs(cfg, 600, seed=123)
    for t in (1, 5):
        assert_same_distribution(res.metric("excess_risk")[:, t], ref[:, t - 1], f"{kwargs} generation {t}")


@pytest.mark.parametrize("regime", ["replace", "accumulate", "accumulate-subsample"])
def test_same_seed_and_first_block_unchanged(regime):
    small = RegressionConfig(
        dimension=3,
        sample_size=8,
        generations=4,
        replicates=256,
        seed=4,
        regime=regime,
        real_fraction=0.25,
        real_source="fixed",
    )
    big = dataclasses.replace(small, replicates=280)
    a, b, c = simulate(small), simulate(small), simulate(big)
    for name in ("sq_error", "projection"):
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name])
        np.testing.assert_array_equal(a.arrays[name], c.arrays[name][:256])
    assert np.all(a.arrays["sq_error"][:, 0] == 0)


def test_cosine_and_weight_error():
    cfg = RegressionConfig(dimension=4, sample_size=12, generations=3, replicates=50, seed=1, weight_norm=2.0)
    res = simulate(cfg)
    cos = res.metric("weight_cosine")
    assert np.all(cos[:, 0] == pytest.approx(1.0)) and np.all(np.abs(cos) <= 1 + 1e-12)
    np.testing.assert_allclose(res.metric("weight_error") ** 2, res.metric("excess_risk"))
    zero = simulate(
        RegressionConfig(dimension=2, sample_size=6, generations=2, replicates=3, seed=1, weight_norm=0.0)
    )
    assert np.isnan(zero.metric("weight_cosine")).all()
