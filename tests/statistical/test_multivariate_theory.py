"""Multivariate closed forms against simulation, at |mean - theory| < 4.5 standard errors
(stats_helpers.Z), and the closed forms' own identities."""

import math

import numpy as np
import pytest
from scipy import special
from stats_helpers import assert_mean_close

from collapse_core import simulate
from collapse_core.gaussian.theory import accumulate_limit
from collapse_core.multivariate import (
    MultivariateConfig,
    expected_moments,
    logdet_step,
    lyapunov_rates,
    theory,
)
from collapse_core.multivariate.theory import one_dimensional

GENS = (1, 4, 12)
SHAPE = {"condition_number": 30.0, "rotation": 40.0}


def _cfg(**kw):
    base = {"dimension": 4, "sample_size": 9, "generations": 12, "replicates": 4000, "seed": 21, **SHAPE}
    return MultivariateConfig(**{**base, **kw})


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
@pytest.mark.parametrize(
    "case",
    [
        {},
        {"estimator": "unbiased"},
        {"regime": "accumulate"},
        {"real_fraction": 0.25},
        {"regime": "accumulate", "real_fraction": 0.4, "real_source": "fixed", "estimator": "unbiased"},
    ],
)
def test_expected_trace_and_mean_drift(engine, case):
    cfg = _cfg(**case, replicates=4000 if engine == "exact" else 1500)
    res, th = simulate(cfg, engine=engine), theory(cfg)
    for t in GENS:
        assert_mean_close(
            res.metric("trace_ratio")[:, t], th["expected_trace_ratio"][t], f"{case} trace t={t}"
        )
        assert_mean_close(
            res.metric("mean_drift")[:, t] ** 2, th["expected_mean_drift_sq"][t], f"{case} drift t={t}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
@pytest.mark.parametrize("estimator", ["mle", "unbiased"])
def test_log_determinant_and_kl_under_replace(engine, estimator):
    cfg = _cfg(estimator=estimator, replicates=4000 if engine == "exact" else 1500)
    res, th = simulate(cfg, engine=engine), theory(cfg)
    for t in GENS:
        ld = res.metric("logdet_ratio")[:, t]
        assert_mean_close(ld, th["expected_logdet_ratio"][t], f"log det t={t}")
        # The variance too: the sample sd within 10% (a chi-square-like spread; ~5 se at R=1500).
        assert abs(ld.std(ddof=1) / th["sd_logdet_ratio"][t] - 1) < 0.1
        assert_mean_close(res.metric("kl_divergence")[:, t], th["expected_kl_divergence"][t], f"KL t={t}")


def test_expected_trace_closed_form_under_replace():
    for estimator, k in (("mle", 9), ("unbiased", 8)):
        cfg = _cfg(estimator=estimator)
        t = np.arange(cfg.generations + 1)
        np.testing.assert_allclose(theory(cfg)["expected_trace_ratio"], (8 / k) ** t, rtol=1e-12)
        np.testing.assert_allclose(expected_moments(cfg)["trace_ratio"], (8 / k) ** t, rtol=1e-12)


def test_logdet_step_is_the_sum_of_log_chi2_terms():
    cfg = _cfg(dimension=3, sample_size=10)
    mean, var = logdet_step(cfg)
    want = sum(special.digamma((10 - i) / 2) + math.log(2) for i in (1, 2, 3)) - 3 * math.log(10)
    assert math.isclose(mean, want, rel_tol=1e-12)
    assert math.isclose(var, sum(special.polygamma(1, (10 - i) / 2) for i in (1, 2, 3)), rel_tol=1e-12)
    # In 1-D (a single chi-square) it is the 1-D chain's log-variance step.
    rates = lyapunov_rates(cfg)
    assert math.isclose(rates.sum(), mean, rel_tol=1e-12) and np.all(np.diff(rates) < 0)


def test_accumulate_limit_is_the_one_dimensional_limit():
    cfg = _cfg(regime="accumulate", generations=20000, replicates=1)
    th = theory(cfg)
    assert th["accumulate_limit_trace_ratio"] == accumulate_limit(one_dimensional(cfg))
    # The exact recursion converges to it (the tail of the product is O(1/t)).
    assert abs(th["expected_trace_ratio"][-1] / th["accumulate_limit_trace_ratio"] - 1) < 1e-3


def test_theory_keys_by_regime():
    assert "expected_logdet_ratio" in theory(_cfg())
    assert "expected_logdet_ratio" not in theory(_cfg(real_fraction=0.2))
    assert "stationary_trace_ratio" in theory(_cfg(real_fraction=0.2))
    assert theory(_cfg(regime="accumulate-subsample")) == {}


@pytest.mark.slow
def test_extreme_eigenvalues_fall_at_the_lyapunov_rates():
    """The rates are asymptotic: log lambda(t) = t rate + an offset that settles exponentially
    fast, so the slope between t = 100 and t = 400 is compared, at 4.5 standard errors."""
    cfg = MultivariateConfig(dimension=6, sample_size=12, generations=400, replicates=200, seed=4)
    res = simulate(cfg)
    rates = lyapunov_rates(cfg)
    for name, rate in (("log_eig_max_ratio", rates[0]), ("log_eig_min_ratio", rates[-1])):
        slope = (res.metric(name)[:, 400] - res.metric(name)[:, 100]) / 300
        assert_mean_close(slope, rate, name)
