"""The mixture chain: against the per-replicate reference loop in distribution, determinism,
chunk and replicate-count invariance, invariants of every generation, presets."""

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mixture_reference import reference_runs
from stats_helpers import assert_same_distribution

from collapse_core import BATCH, simulate
from collapse_core.mixture import MixtureConfig
from collapse_core.mixture.metrics import METRICS
from collapse_core.presets import for_family
from collapse_core.streams import STREAM_BLOCK


def _same(a, b, what):
    # Rounded to 1e-10: a component sitting on a single point has variance exactly the floor in
    # the reference's sum of squared deviations and floor + ~1e-16 in the batched moments
    # (E[x^2] - mean^2); KS would count that last-digit difference as an atom of ~30%.
    assert_same_distribution(np.round(a, 10), np.round(b, 10), what)


def _compare(cfg, reps, what):
    res = simulate(dataclasses.replace(cfg, replicates=reps), budget=BATCH)
    ref = reference_runs(cfg, reps, seed=cfg.seed + 1)
    w_b, w_r = res.arrays["weights"][:, -1], ref["weights"][:, -1]
    m_b, m_r = res.arrays["means"][:, -1], ref["means"][:, -1]
    c_b, c_r = res.arrays["covariances"][:, -1], ref["covariances"][:, -1]
    _same(w_b.min(axis=1), w_r.min(axis=1), f"{what}: smallest weight")
    _same(w_b[:, 0], w_r[:, 0], f"{what}: weight of component 0")
    _same(m_b[:, 0, 0], m_r[:, 0, 0], f"{what}: mean of component 0")
    _same(c_b[:, -1, 0, 0], c_r[:, -1, 0, 0], f"{what}: variance of the last component")
    spread = (w_b * (m_b[..., 0] ** 2)).sum(1), (w_r * (m_r[..., 0] ** 2)).sum(1)
    _same(*spread, f"{what}: weighted second moment of the means")


_SMALL = MixtureConfig(dimension=1, components=3, sample_size=30, generations=6, seed=11, separation=3.0)


@pytest.mark.parametrize(
    "cfg",
    [
        _SMALL,
        dataclasses.replace(_SMALL, dimension=2, components=2),
        dataclasses.replace(_SMALL, regime="accumulate", real_fraction=0.3),
        dataclasses.replace(_SMALL, regime="accumulate-subsample", real_fraction=0.3, real_source="fixed"),
    ],
    ids=["replace-1d", "replace-2d", "accumulate-real", "subsample-fixed"],
)
def test_chain_matches_reference_loop_in_distribution(cfg):
    _compare(cfg, 100, cfg.regime)


@pytest.mark.slow
@pytest.mark.parametrize(
    "cfg",
    [
        dataclasses.replace(_SMALL, sample_size=60, generations=25),
        dataclasses.replace(_SMALL, dimension=2, components=3, generations=15, real_fraction=0.2),
        dataclasses.replace(_SMALL, regime="accumulate-subsample", generations=15, real_fraction=0.5),
    ],
)
def test_chain_matches_reference_loop_in_distribution_long(cfg):
    _compare(cfg, 400, cfg.regime)


def test_same_seed_same_result_and_chunking_never_matters():
    cfg = MixtureConfig(
        dimension=2,
        sample_size=40,
        generations=5,
        replicates=9,
        seed=4,
        regime="accumulate-subsample",
        real_fraction=0.25,
    )
    a, b, c = simulate(cfg), simulate(cfg), simulate(cfg, chunk=2)
    for name in a.arrays:
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name])
        np.testing.assert_array_equal(a.arrays[name], c.arrays[name])
    d = simulate(dataclasses.replace(cfg, seed=5))
    assert not np.array_equal(a.arrays["means"], d.arrays["means"])


def test_adding_replicates_leaves_earlier_blocks_unchanged():
    cfg = MixtureConfig(sample_size=10, generations=3, replicates=STREAM_BLOCK, seed=8, real_fraction=0.1)
    small = simulate(cfg)
    big = simulate(dataclasses.replace(cfg, replicates=STREAM_BLOCK + 5))
    for name in small.arrays:
        np.testing.assert_array_equal(small.arrays[name], big.arrays[name][:STREAM_BLOCK])


configs = st.builds(
    MixtureConfig,
    dimension=st.sampled_from([1, 2]),
    components=st.integers(2, 8),
    separation=st.floats(2.0, 20.0),
    sample_size=st.integers(2, 40),
    generations=st.integers(1, 6),
    replicates=st.integers(1, 6),
    seed=st.integers(0, 2**32),
    regime=st.sampled_from(["replace", "accumulate", "accumulate-subsample"]),
    real_fraction=st.sampled_from([0.0, 0.1, 0.5, 1.0]),
    real_source=st.sampled_from(["fresh", "fixed"]),
    em_max_iter=st.integers(1, 50),
    variance_floor=st.sampled_from([1e-6, 1e-3, 0.1]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs)
def test_every_generation_is_a_valid_mixture_and_metrics_are_finite(cfg):
    res = simulate(cfg)
    w, mu, cov = res.arrays["weights"], res.arrays["means"], res.arrays["covariances"]
    k, d = cfg.components, cfg.dimension
    assert w.shape == (cfg.replicates, cfg.generations + 1, k)
    np.testing.assert_allclose(w.sum(-1), 1.0, rtol=1e-12)
    assert np.all(w > 0) and np.all(np.isfinite(mu))
    diag = np.diagonal(cov, axis1=-2, axis2=-1)
    assert np.all(diag[:, 1:] >= cfg.variance_floor * (1 - 1e-12))
    if d == 2:
        assert np.all(np.linalg.det(cov) > 0)
    iters = res.arrays["em_iterations"]
    assert np.all(iters[:, 0] == 0) and np.all((iters[:, 1:] >= 1) & (iters[:, 1:] <= cfg.em_max_iter))
    for name in METRICS:
        v = res.metric(name)
        assert v.shape == (cfg.replicates, cfg.generations + 1), name
        assert np.all(np.isfinite(v)), name
    # generation 0 is the truth
    assert np.all(res.metric("modes_alive")[:, 0] == k) and np.all(res.metric("truth_coverage")[:, 0] == 1)
    np.testing.assert_allclose(res.metric("kl_upper_bound")[:, 0], 0.0, atol=1e-12)
    np.testing.assert_allclose(res.metric("w2_moment_matched")[:, 0], 0.0, atol=1e-6)
    np.testing.assert_allclose(res.metric("variance_ratio")[:, 0], 1.0, rtol=1e-12)
    np.testing.assert_allclose(res.metric("tail_ratio_3sigma")[:, 0], 1.0, rtol=1e-9)
    np.testing.assert_allclose(res.metric("effective_modes")[:, 0], k, rtol=1e-12)
    assert np.all(res.metric("modes_lost") == k - res.metric("modes_alive"))


def test_real_fraction_one_is_always_fitted_on_truth_draws():
    # r = 1: the model never feeds back, so generation 50 is as close to the truth as generation 1.
    cfg = MixtureConfig(sample_size=200, generations=30, replicates=60, seed=3, real_fraction=1.0)
    res = simulate(cfg)
    kl = res.metric("kl_upper_bound")
    assert abs(np.median(kl[:, -1]) - np.median(kl[:, 1])) < 0.5 * np.median(kl[:, 1]) + 0.01
    assert np.all(res.metric("modes_alive")[:, -1] == 3)


def test_presets_show_what_they_claim():
    presets = for_family("mixture")
    assert {"paper-gmm", "gmm-accumulate", "gmm-fixed-vs-fresh"} <= set(presets)
    paper = simulate(presets["paper-gmm"].config)
    assert np.median(paper.metric("modes_alive")[:, -1]) == 1  # a mode has died in most chains
    assert np.median(paper.metric("variance_ratio")[:, -1]) < 0.5
    acc = presets["gmm-accumulate"]
    a, r = simulate(acc.config), simulate(acc.compare)
    assert a.metric("modes_alive")[:, -1].mean() > r.metric("modes_alive")[:, -1].mean()
    assert np.median(a.metric("kl_upper_bound")[:, -1]) < np.median(r.metric("kl_upper_bound")[:, -1])
    fixed_vs_fresh = presets["gmm-fixed-vs-fresh"]
    fixed, fresh = simulate(fixed_vs_fresh.config), simulate(fixed_vs_fresh.compare)
    none = simulate(dataclasses.replace(fixed_vs_fresh.config, real_fraction=0.0))
    assert (
        min(fixed.metric("modes_alive")[:, -1].mean(), fresh.metric("modes_alive")[:, -1].mean())
        > none.metric("modes_alive")[:, -1].mean() + 0.5
    )
    assert np.median(fresh.metric("kl_upper_bound")[:, -1]) < np.median(fixed.metric("kl_upper_bound")[:, -1])
