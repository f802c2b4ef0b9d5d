"""Multivariate engines: exact vs Monte Carlo vs a per-replicate reference loop (in distribution),
metric formulas against scipy on stored snapshots, and the properties every engine must keep:
results depend on the seed only (not on chunk sizes or on how many replicates run beside)."""

import numpy as np
import pytest
from multivariate_reference import metrics_of, reference_runs
from stats_helpers import assert_same_distribution

from collapse_core import BATCH, simulate
from collapse_core.multivariate import MultivariateConfig
from collapse_core.multivariate.chain import STORED
from collapse_core.multivariate.draws import bartlett
from collapse_core.multivariate.truth import truth

# Anisotropic and rotated, so that W2 and the trace ratio see the truth's shape.
SHAPE = {"condition_number": 10.0, "rotation": 25.0}
CASES = [
    {"regime": "replace"},
    {"regime": "replace", "estimator": "unbiased", "real_fraction": 0.25},
    {"regime": "accumulate"},
    {"regime": "accumulate", "real_fraction": 0.3, "real_source": "fixed"},
    {"regime": "replace", "real_fraction": 0.5, "real_source": "fixed"},
]
KS_GENS = (1, 3, 6)


def _cfg(**kw):
    base = {"dimension": 3, "sample_size": 8, "generations": 6, "replicates": 600, "seed": 11, **SHAPE}
    return MultivariateConfig(**{**base, **kw})


@pytest.mark.parametrize("case", CASES)
def test_exact_matches_monte_carlo_in_distribution(case):
    cfg = _cfg(**case)
    ex = simulate(cfg, engine="exact")
    mc = simulate(cfg.with_seed(12), engine="monte-carlo")
    for name in ("log_trace_ratio", "logdet_ratio", "log_eig_min_ratio", "wasserstein2"):
        for t in KS_GENS:
            assert_same_distribution(ex.metric(name)[:, t], mc.metric(name)[:, t], f"{case} {name} t={t}")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("case", "engine"),
    [
        ({"regime": "replace"}, "exact"),
        ({"regime": "accumulate", "real_fraction": 0.3, "real_source": "fixed"}, "exact"),
        ({"regime": "replace", "real_fraction": 0.25}, "monte-carlo"),
        ({"regime": "accumulate-subsample"}, "monte-carlo"),
        ({"regime": "accumulate-subsample", "real_fraction": 0.25, "real_source": "fixed"}, "monte-carlo"),
    ],
)
def test_engines_match_the_reference_loop(case, engine):
    """np.random multivariate_normal points, np.cov, scipy metrics, one replicate at a time."""
    cfg = _cfg(replicates=300, **case)
    ref = reference_runs(cfg, truth(cfg).cov, 300, seed=5)
    res = simulate(cfg, engine=engine)
    for name in STORED:
        for t in KS_GENS:
            assert_same_distribution(res.metric(name)[:, t], ref[name][:, t], f"{case} {engine} {name} t={t}")


@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
@pytest.mark.parametrize("shape", [{}, SHAPE])
def test_stored_metrics_equal_the_textbook_formulas(engine, shape):
    cfg = MultivariateConfig(
        dimension=4, sample_size=9, generations=12, replicates=5, seed=3, real_fraction=0.2, **shape
    )
    res = simulate(cfg, engine=engine, snapshot_replicates=3)
    cov0 = res.arrays["truth_covariance"]
    for j, t in enumerate(res.arrays["snapshot_generations"]):
        for i in range(3):
            want = metrics_of(
                res.arrays["snapshot_mean"][j, i], res.arrays["snapshot_covariance"][j, i], cov0
            )
            for name, value in want.items():
                np.testing.assert_allclose(res.metric(name)[i, t], value, rtol=1e-7, atol=1e-7, err_msg=name)
        # The snapshot spectra are the generalized eigenvalues, largest first.
        log_eig = res.arrays["snapshot_log_eigenvalues"][j]
        np.testing.assert_allclose(log_eig[:, 0], res.metric("log_eig_max_ratio")[:, t], rtol=1e-12)
        np.testing.assert_allclose(log_eig[:, -1], res.metric("log_eig_min_ratio")[:, t], rtol=1e-12)


def test_generation_zero_is_the_truth():
    res = simulate(_cfg(replicates=4))
    for name, value in {
        "trace_ratio": 1.0,
        "logdet_ratio": 0.0,
        "eig_min_ratio": 1.0,
        "eig_max_ratio": 1.0,
        "mean_drift": 0.0,
        "kl_divergence": 0.0,
    }.items():
        np.testing.assert_allclose(res.metric(name)[:, 0], value, atol=1e-12, err_msg=name)
    assert np.all(res.metric("wasserstein2")[:, 0] < 1e-7)


def test_bartlett_factor_is_a_wishart_draw():
    # E[T T^T] = df I and Var of a diagonal entry = 2 df; off-diagonal variance df.
    gen = np.random.default_rng(0)
    t = bartlett(gen, 7, 4, 40_000)
    w = t @ np.swapaxes(t, 1, 2)
    assert np.all(np.triu(t[0], 1) == 0) and np.all(np.diagonal(t, axis1=1, axis2=2) > 0)
    se = np.sqrt(2 * 7 / 40_000)
    np.testing.assert_allclose(w.mean(axis=0), 7 * np.eye(4), atol=4.5 * se * np.sqrt(2))
    assert abs(w[:, 0, 0].var() / (2 * 7) - 1) < 0.05
    assert abs(w[:, 1, 3].var() / 7 - 1) < 0.05


@pytest.mark.parametrize("case", [{"regime": "replace"}, {"regime": "accumulate", "real_fraction": 0.3}])
def test_same_seed_same_result_and_first_block_unchanged(case):
    for engine in ("exact", "monte-carlo"):
        small = simulate(_cfg(replicates=256, generations=4, **case), engine=engine)
        again = simulate(_cfg(replicates=256, generations=4, **case), engine=engine)
        large = simulate(_cfg(replicates=300, generations=4, **case), engine=engine)
        for name in STORED:
            np.testing.assert_array_equal(small.arrays[name], again.arrays[name])
            np.testing.assert_array_equal(small.arrays[name], large.arrays[name][:256])


@pytest.mark.parametrize("regime", ["replace", "accumulate", "accumulate-subsample"])
def test_monte_carlo_independent_of_chunk_size(regime):
    cfg = _cfg(replicates=20, generations=4, regime=regime, real_fraction=0.25)
    big = simulate(cfg, engine="monte-carlo")
    # 50: rows split; 7: every replicate's points split into pieces.
    for chunk in (50, 7):
        small = simulate(cfg, engine="monte-carlo", chunk=chunk)
        for name in STORED:
            np.testing.assert_allclose(small.arrays[name], big.arrays[name], rtol=1e-9, atol=1e-12)


def test_exact_cost_flat_in_sample_size_and_a_billion_points():
    cfg = MultivariateConfig(
        dimension=5,
        sample_size=10**9,
        generations=30,
        replicates=500,
        seed=1,
        estimator="unbiased",
        condition_number=100.0,
    )
    ld = simulate(cfg).metric("logdet_ratio")[:, -1]
    # sd of one step's log det is about sqrt(2 d / M): 30 steps at M = 1e9 move it ~ 4e-4.
    assert np.abs(ld).max() < 5e-3


@pytest.mark.slow
@pytest.mark.parametrize("estimator", ["mle", "unbiased"])
def test_extreme_chain_stays_finite_m_equals_d_plus_one(estimator):
    cfg = MultivariateConfig(
        dimension=10, sample_size=11, generations=3000, replicates=4, seed=2, estimator=estimator
    )
    res = simulate(cfg, budget=BATCH)
    for name in STORED:
        assert np.all(np.isfinite(res.arrays[name])), name
    # Collapse far below float64's range, yet log det is exact: the logs keep falling.
    ld = res.metric("logdet_ratio")
    assert ld[:, -1].max() < -1000 and np.all(np.diff(ld.mean(axis=0)[::500]) < 0)
    assert np.all(res.metric("log_eig_min_ratio") <= res.metric("log_eig_max_ratio") + 1e-9)
