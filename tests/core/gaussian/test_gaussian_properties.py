"""Invariants for any valid configuration: variances positive and finite, no numpy warnings."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian.metrics import METRICS

configs = st.builds(
    GaussianConfig,
    sample_size=st.integers(2, 60),
    generations=st.integers(1, 60),
    replicates=st.integers(1, 20),
    seed=st.integers(0, 2**63 - 1),
    regime=st.sampled_from(["replace", "accumulate", "accumulate-subsample"]),
    real_fraction=st.floats(0.0, 1.0),
    real_source=st.sampled_from(["fresh", "fixed"]),
    estimator=st.sampled_from(["mle", "unbiased"]),
    mu0=st.floats(-1e6, 1e6),
    sigma0=st.floats(1e-6, 1e6),
)


def _check(res):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any numpy warning fails the test
        for name in METRICS:
            values = res.metric(name)
            assert values.shape == (res.config.replicates, res.config.generations + 1), name
            assert np.isfinite(values).all(), name
        assert (res.metric("variance") > 0).all()
        assert (res.metric("variance_ratio") > 0).all()
        assert (res.metric("kl_divergence") >= -1e-9).all()
        assert (res.metric("wasserstein2") >= 0).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs, engine=st.sampled_from(["auto", "monte-carlo"]))
def test_any_valid_config_gives_positive_finite_variances(cfg, engine):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = simulate(cfg, engine=engine)
    _check(res)


@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
@pytest.mark.parametrize("r", [0.0, 1.0])
@pytest.mark.parametrize("estimator", ["mle", "unbiased"])
def test_extreme_chain_m2_g10000(engine, r, estimator):
    """M = 2 for 10 000 generations drives the variance to ~exp(-20 000): far below float64."""
    cfg = GaussianConfig(
        sample_size=2, generations=10_000, replicates=8, real_fraction=r, estimator=estimator, seed=1
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = simulate(cfg, engine=engine)
    _check(res)
    lr = res.metric("log_variance_ratio")[:, -1]
    if r == 0.0:
        assert (lr < -5000).all()  # log-space keeps the true value, far below the float64 floor
    else:
        assert np.abs(lr).max() < 40  # fitted on real data each time: no collapse


def test_extreme_subsample_m2_long_chain():
    cfg = GaussianConfig(sample_size=2, generations=3000, replicates=4, regime="accumulate-subsample", seed=2)
    _check(simulate(cfg))
