"""Self-correction of the synthetic points (Gillman et al. 2024): the engines against the exact
moment recursion and its fixed point, and against a plain per-replicate loop."""

import dataclasses
import math

import numpy as np
import pytest
from stats_helpers import assert_mean_close, assert_same_distribution

from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian.theory import theory


def corrected_reference(cfg, replicates, seed):
    """One replicate at a time: draw the points, move each toward the truth, fit, repeat."""
    rngs = np.random.default_rng(seed).spawn(replicates)
    g = cfg.generations
    means, variances = np.empty((replicates, g + 1)), np.empty((replicates, g + 1))
    gamma = cfg.correction
    for i, rng in enumerate(rngs):
        mu, var = cfg.mu0, cfg.sigma0**2
        means[i, 0], variances[i, 0] = mu, var
        pool = []
        for t in range(g):
            real = rng.normal(cfg.mu0, cfg.sigma0, cfg.n_real)
            x = rng.normal(mu, math.sqrt(var), cfg.n_syn)
            target = cfg.mu0 + cfg.sigma0 * (x - mu) / math.sqrt(var)  # the map onto the truth
            x = x + gamma * (target - x)
            batch = np.concatenate([real, x])
            pool.append(batch)
            train = np.concatenate(pool) if cfg.regime == "accumulate" else batch
            mu, var = train.mean(), train.var(ddof=cfg.ddof)
            means[i, t + 1], variances[i, t + 1] = mu, var
    return means, variances


@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
@pytest.mark.parametrize(("estimator", "gamma"), [("mle", 0.2), ("unbiased", 0.05), ("mle", 1.0)])
def test_engines_follow_the_exact_moments_and_settle_at_the_fixed_point(engine, estimator, gamma):
    cfg = GaussianConfig(
        sample_size=10,
        generations=80,
        replicates=20000,
        correction=gamma,
        estimator=estimator,
        mu0=-2.0,
        sigma0=3.0,
        seed=51,
    )
    res, th = simulate(cfg, engine=engine), theory(cfg)
    for t in (1, 4, 80):
        drift_sq = (res.arrays["mean"][:, t] + 2.0) ** 2 / 9.0
        assert_mean_close(drift_sq, th["expected_mean_drift_sq"][t], f"{engine} drift^2 t={t}")
        ratio = np.exp(res.arrays["log_variance"][:, t]) / 9.0
        assert_mean_close(ratio, th["expected_variance_ratio"][t], f"{engine} variance t={t}")
    # The recursion run long settles at the closed-form fixed point.
    long = theory(dataclasses.replace(cfg, generations=5000))
    assert long["expected_variance_ratio"][-1] == pytest.approx(th["stationary_variance_ratio"], rel=1e-9)
    assert long["expected_mean_drift_sq"][-1] == pytest.approx(th["correction_stationary_drift_sq"], rel=1e-9)


def test_full_correction_is_fresh_data_and_none_collapses():
    """gamma = 1 makes every synthetic point a draw from the truth: each generation is a fresh
    fit, E[v] = (M-1)/M; without correction the median variance shrinks by orders of magnitude."""
    base = dict(sample_size=10, generations=200, replicates=4000, seed=9)
    full = theory(GaussianConfig(**base, correction=1.0))
    assert full["stationary_variance_ratio"] == pytest.approx(0.9, rel=1e-12)
    weak = simulate(GaussianConfig(**base, correction=0.05)).metric("variance_ratio")[:, -1]
    none = simulate(GaussianConfig(**base)).metric("variance_ratio")[:, -1]
    assert np.median(weak) > 0.05 and np.median(none) < 1e-10


@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
@pytest.mark.parametrize(("regime", "r"), [("replace", 0.0), ("replace", 0.3), ("accumulate", 0.2)])
def test_engines_match_a_plain_corrected_loop(engine, regime, r):
    cfg = GaussianConfig(
        sample_size=10,
        generations=6,
        replicates=3000,
        regime=regime,
        real_fraction=r,
        correction=0.3,
        seed=61,
    )
    ref_mean, ref_var = corrected_reference(cfg, 3000, seed=62)
    res = simulate(cfg, engine=engine)
    for t in (1, 3, 6):
        assert_same_distribution(res.metric("variance")[:, t], ref_var[:, t], f"{engine} var t={t}")
        assert_same_distribution(res.metric("mean")[:, t], ref_mean[:, t], f"{engine} mean t={t}")


def test_subsample_corrects_the_points_it_keeps():
    """accumulate-subsample keeps actual points; its first generation is a plain corrected fit."""
    cfg = GaussianConfig(
        sample_size=10, generations=3, replicates=3000, regime="accumulate-subsample", correction=0.5, seed=71
    )
    ref = GaussianConfig(sample_size=10, generations=3, replicates=3000, correction=0.5, seed=72)
    a, b = simulate(cfg).metric("variance")[:, 1], simulate(ref).metric("variance")[:, 1]
    assert_same_distribution(a, b, "variance t=1")
    # From the truth, a half-corrected sample is still a sample of the truth: E[v_1] = (M-1)/M.
    assert_mean_close(a, 0.9, "subsample E[v_1]")
