"""Invariants over random small configurations (hypothesis)."""

import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collapse_core.categorical import CategoricalConfig, simulate_categorical

configs = st.builds(
    CategoricalConfig,
    sample_size=st.integers(2, 60),
    generations=st.integers(1, 12),
    replicates=st.integers(1, 5),
    seed=st.integers(0, 2**32),
    regime=st.sampled_from(["replace", "accumulate", "accumulate-subsample"]),
    real_fraction=st.sampled_from([0.0, 0.0, 0.2, 0.5, 1.0]),
    real_source=st.sampled_from(["fresh", "fixed"]),
    truth=st.sampled_from(["zipf", "uniform"]),
    categories=st.integers(2, 150),
    zipf_exponent=st.floats(0.0, 3.0),
    smoothing=st.sampled_from([0.0, 0.0, 0.01, 2.0]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs)
def test_invariants(cfg):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        res = simulate_categorical(
            cfg, snapshot_generations=range(cfg.generations + 1), snapshot_replicates=min(cfg.replicates, 16)
        )
        k = cfg.categories
        snaps = res.arrays["snapshot_probabilities"]
        np.testing.assert_allclose(snaps.sum(axis=2), 1.0, atol=1e-12)
        assert np.all(snaps >= 0)
        surv = res.metric("surviving")
        assert np.all((surv >= 1) & (surv <= k)) and np.all(surv[:, 0] == k)
        assert np.all(
            surv[:, 1:]
            <= cfg.sample_size * np.where(cfg.regime == "accumulate", np.arange(1, cfg.generations + 1), 1)
        )
        h = res.metric("heterozygosity")
        assert np.all((h >= -1e-12) & (h <= 1 - 1 / k + 1e-12))
        ent = res.metric("entropy")
        assert np.all((ent >= -1e-12) & (ent <= np.log(k) + 1e-9))
        tv = res.metric("tv_distance")
        assert np.all((tv >= 0) & (tv <= 1 + 1e-12))
        assert np.all(res.metric("kl_divergence") >= 0)
        for c in (10, 100):
            cov = res.metric(f"tail_coverage_top{c}")
            assert np.all(np.isnan(cov)) if k <= c else np.all((cov >= 0) & (cov <= 1 + 1e-12))
        res.summary()  # every metric, derived ones included, without a warning
        can_return = (
            cfg.regime == "accumulate-subsample"
            or cfg.smoothing > 0
            or (cfg.n_real > 0 and cfg.real_source == "fresh")
        )
        if not can_return:
            assert np.all(np.diff(surv, axis=1) <= 0)
            assert np.all(res.metric("revived") == 0)
            assert np.array_equal(res.arrays["first_extinct"], res.arrays["last_extinct"])
        alive_end = res.arrays["last_extinct"] < 0
        np.testing.assert_array_equal(alive_end.sum(axis=1), surv[:, -1])
