"""Both engines and both estimators against the closed forms, with stated tolerances."""

import math

import numpy as np
import pytest
from stats_helpers import assert_mean_close

from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian import (
    accumulate_limit,
    expected_moments,
    stationary_variance_ratio,
    typical_variance_ratio,
)

ENGINES = ("exact", "monte-carlo")
ESTIMATORS = ("mle", "unbiased")
# (regime, real fraction, real source): every setting with an exact expectation.
SETTINGS = [
    ("replace", 0.0, "fresh"),
    ("replace", 0.25, "fresh"),
    ("replace", 0.25, "fixed"),
    ("accumulate", 0.0, "fresh"),
    ("accumulate", 0.3, "fresh"),
    ("accumulate", 0.3, "fixed"),
]


def _cfg(engine, **kw):
    # Monte Carlo draws every point: keep M * G * R near 3e6 draws.
    size = (
        dict(sample_size=20, generations=30, replicates=5000)
        if engine == "monte-carlo"
        else dict(sample_size=20, generations=30, replicates=40_000)
    )
    return GaussianConfig(**{**size, **kw})


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize(("regime", "r", "source"), SETTINGS)
def test_expected_variance_and_drift_per_generation(engine, estimator, regime, r, source):
    cfg = _cfg(engine, estimator=estimator, regime=regime, real_fraction=r, real_source=source, seed=11)
    res = simulate(cfg, engine=engine)
    theory = expected_moments(cfg)
    ratio, drift = res.metric("variance_ratio"), res.metric("mean_drift")
    for t in (1, 2, 10, cfg.generations):
        assert_mean_close(ratio[:, t], theory["variance_ratio"][t], f"E[var ratio] at t={t}")
        assert_mean_close(drift[:, t] ** 2, theory["mean_drift_sq"][t], f"E[drift^2] at t={t}")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_mean_log_variance_is_t_times_e_log_chi2(engine, estimator):
    """Replace, no real data: log(var_t / var_0) is a sum of t iid log(chi2_{M-1} / k)."""
    cfg = _cfg(engine, estimator=estimator, seed=5)
    res = simulate(cfg, engine=engine)
    log_mean = typical_variance_ratio(cfg)["log_mean"]
    lr = res.metric("log_variance_ratio")
    for t in (1, 15, 30):
        assert_mean_close(lr[:, t], log_mean[t], f"E[log ratio] at t={t}")


def test_closed_forms_for_the_plain_chain():
    """The recursion reproduces the textbook forms: ((M-1)/k)^t and the random-walk drift."""
    for estimator, k_of in (("mle", lambda m: m), ("unbiased", lambda m: m - 1)):
        cfg = GaussianConfig(sample_size=50, generations=40, estimator=estimator)
        em = expected_moments(cfg)
        t = np.arange(41)
        shrink = 49 / k_of(50)
        np.testing.assert_allclose(em["variance_ratio"], shrink**t, rtol=1e-12)
        drift = np.concatenate([[0.0], np.cumsum(shrink ** t[:-1]) / 50])
        np.testing.assert_allclose(em["mean_drift_sq"], drift, rtol=1e-12)


@pytest.mark.slow
def test_mle_collapses_in_median_while_unbiased_keeps_its_mean():
    cfg = GaussianConfig(sample_size=100, generations=2000, replicates=4000, estimator="unbiased", seed=2)
    res = simulate(cfg)
    final = res.metric("variance_ratio")[:, -1]
    assert expected_moments(cfg)["variance_ratio"][-1] == pytest.approx(1.0)
    # E[ratio] stays 1, but the median falls to exp(2000 * E log(chi2_99/99)) ~ 3.7e-5 * e^(Edgeworth).
    assert np.median(final) < 1e-3
    assert np.median(final) == pytest.approx(typical_variance_ratio(cfg)["median"][-1], rel=0.15)


@pytest.mark.parametrize(("sample_size", "t"), [(100, 50), (5, 20), (2, 30)])
def test_median_variance_matches_edgeworth_median(sample_size, t):
    """Median of var_t: the sum-of-logs median, compared in log space.

    Tolerance: 4.5 standard errors of a sample median (sqrt(pi/2) * sd / sqrt(R)) plus
    the Edgeworth approximation's own error, of order kappa3^2 / (kappa2^2 * t).
    """
    cfg = GaussianConfig(sample_size=sample_size, generations=t, replicates=40_000, seed=9)
    lr = simulate(cfg).metric("log_variance_ratio")[:, t]
    typ = typical_variance_ratio(cfg)
    med = math.log(typ["median"][t])
    se = math.sqrt(math.pi / 2) * lr.std() / math.sqrt(lr.size)
    approx = abs(math.log(typ["median"][t]) - typ["log_mean"][t]) ** 2 + 1e-3
    assert abs(np.median(lr) - med) <= 4.5 * se + approx, (np.median(lr), med, se, approx)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("sample_size", [2, 10, 100])
def test_accumulate_limit_closed_form_matches_recursion(estimator, sample_size):
    cfg = GaussianConfig(
        sample_size=sample_size, generations=20_000, regime="accumulate", estimator=estimator
    )
    path = expected_moments(cfg)["variance_ratio"]
    limit = accumulate_limit(cfg)
    # The remaining factor prod_{j>t}(1 - 1/(j(jM-d))) is 1 - O(1/(M t)).
    assert path[-1] == pytest.approx(limit, rel=2.0 / (sample_size * 20_000))
    assert limit < path[1]  # accumulation still loses a little, then stops


def test_accumulate_limit_for_mle_is_sinc():
    for m in (2, 10, 100, 10**6):
        cfg = GaussianConfig(sample_size=m, regime="accumulate")
        x = math.pi / math.sqrt(m)
        assert accumulate_limit(cfg) == pytest.approx(math.sin(x) / x, rel=1e-12)


@pytest.mark.slow
def test_stationary_level_with_fresh_real_data():
    cfg = GaussianConfig(sample_size=40, generations=3000, real_fraction=0.1)
    stat = stationary_variance_ratio(cfg)
    assert expected_moments(cfg)["variance_ratio"][-1] == pytest.approx(stat, rel=1e-9)
    res = simulate(
        GaussianConfig(sample_size=40, generations=400, replicates=20_000, real_fraction=0.1, seed=4)
    )
    assert_mean_close(res.metric("variance_ratio")[:, -1], stat, "stationary E[var ratio]")


@pytest.mark.slow
def test_subsample_of_real_points_keeps_the_real_expectation():
    """accumulate-subsample with r = 1: every pooled point is real, so E[var_t] = (M-1)/k for all t."""
    cfg = GaussianConfig(
        sample_size=8,
        generations=12,
        replicates=20_000,
        regime="accumulate-subsample",
        real_fraction=1.0,
        seed=8,
    )
    ratio = simulate(cfg).metric("variance_ratio")
    for t in (1, 6, 12):
        assert_mean_close(ratio[:, t], 7 / 8, f"E[var ratio] at t={t}")


def test_first_generation_is_fitted_on_real_data_in_every_regime():
    for regime in ("replace", "accumulate", "accumulate-subsample"):
        cfg = GaussianConfig(
            sample_size=10, generations=2, replicates=20_000, regime=regime, estimator="unbiased", seed=12
        )
        assert_mean_close(simulate(cfg).metric("variance_ratio")[:, 1], 1.0, regime)
