"""The exact and Monte Carlo engines agree in distribution, with each other and the reference loop;
results depend on the seed only (not on chunk sizes or on how many replicates run beside)."""

import numpy as np
import pytest
from reference import reference_runs
from stats_helpers import assert_same_distribution

from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian.monte_carlo import distinct_indices

SETTINGS = [
    ("replace", 0.0, "fresh"),
    ("replace", 0.3, "fresh"),
    ("replace", 0.3, "fixed"),
    ("accumulate", 0.0, "fresh"),
    ("accumulate", 0.3, "fixed"),
]


@pytest.mark.parametrize("estimator", ["mle", "unbiased"])
@pytest.mark.parametrize(("regime", "r", "source"), SETTINGS)
def test_exact_and_monte_carlo_agree_in_distribution(estimator, regime, r, source):
    cfg = GaussianConfig(
        sample_size=20,
        generations=25,
        replicates=4000,
        estimator=estimator,
        regime=regime,
        real_fraction=r,
        real_source=source,
        seed=21,
    )
    ex, mc = simulate(cfg, engine="exact"), simulate(cfg, engine="monte-carlo")
    for name in ("log_variance_ratio", "mean_drift"):
        for t in (1, 25):
            assert_same_distribution(ex.metric(name)[:, t], mc.metric(name)[:, t], f"{name} t={t}")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("regime", "r", "source"),
    [*SETTINGS, ("accumulate-subsample", 0.0, "fresh"), ("accumulate-subsample", 0.3, "fixed")],
)
def test_engines_match_the_reference_loop(regime, r, source):
    cfg = GaussianConfig(
        sample_size=10,
        generations=6,
        replicates=3000,
        regime=regime,
        real_fraction=r,
        real_source=source,
        seed=31,
    )
    ref_mean, ref_var = reference_runs(cfg, 3000, seed=32)
    engines = ["monte-carlo"] + (["exact"] if regime != "accumulate-subsample" else [])
    for engine in engines:
        res = simulate(cfg, engine=engine)
        for t in (1, 3, 6):
            assert_same_distribution(res.metric("variance")[:, t], ref_var[:, t], f"{engine} var t={t}")
            assert_same_distribution(res.metric("mean")[:, t], ref_mean[:, t], f"{engine} mean t={t}")


def test_reference_agrees_with_itself_only_in_distribution_not_by_seed():
    """Guard against a vacuous KS: a clearly different chain is detected."""
    cfg = GaussianConfig(sample_size=10, generations=6, replicates=3000, seed=31)
    _, ref_var = reference_runs(cfg, 3000, seed=32)
    other = simulate(GaussianConfig(sample_size=12, generations=6, replicates=3000, seed=31))
    with pytest.raises(AssertionError, match="KS"):
        assert_same_distribution(other.metric("variance")[:, 6], ref_var[:, 6], "M=12 vs M=10")


@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
@pytest.mark.parametrize("regime", ["replace", "accumulate"])
def test_same_seed_same_result_different_seed_differs(engine, regime):
    cfg = GaussianConfig(
        sample_size=30, generations=20, replicates=50, regime=regime, real_fraction=0.2, seed=7
    )
    a, b = simulate(cfg, engine=engine), simulate(cfg, engine=engine)
    c = simulate(cfg.with_seed(8), engine=engine)
    np.testing.assert_array_equal(a.arrays["log_variance"], b.arrays["log_variance"])
    np.testing.assert_array_equal(a.arrays["mean"], b.arrays["mean"])
    assert not np.allclose(a.arrays["log_variance"][:, 1:], c.arrays["log_variance"][:, 1:])


@pytest.mark.parametrize(("regime", "r"), [("replace", 0.0), ("replace", 0.2), ("accumulate", 0.0)])
def test_exact_engine_independent_of_chunk_size(regime, r):
    cfg = GaussianConfig(
        sample_size=30, generations=40, replicates=300, regime=regime, real_fraction=r, seed=3
    )
    big = simulate(cfg, engine="exact")
    for chunk in (1, 300, 301, 7 * 300):  # one generation per chunk, and ragged chunks
        small = simulate(cfg, engine="exact", chunk=chunk)
        np.testing.assert_allclose(small.arrays["log_variance"], big.arrays["log_variance"], rtol=1e-12)
        np.testing.assert_allclose(small.arrays["mean"], big.arrays["mean"], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("regime", "r"), [("replace", 0.0), ("replace", 0.5), ("accumulate", 0.2)])
def test_monte_carlo_independent_of_chunk_size(regime, r):
    cfg = GaussianConfig(
        sample_size=50, generations=10, replicates=40, regime=regime, real_fraction=r, seed=3
    )
    big = simulate(cfg, engine="monte-carlo")
    # 64: rows split; 7: every row split into pieces of 7 points.
    for chunk in (64, 7):
        small = simulate(cfg, engine="monte-carlo", chunk=chunk)
        np.testing.assert_allclose(small.arrays["log_variance"], big.arrays["log_variance"], rtol=1e-10)
        np.testing.assert_allclose(small.arrays["mean"], big.arrays["mean"], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("engine", ["exact", "monte-carlo"])
def test_adding_replicates_leaves_the_first_block_unchanged(engine):
    small = simulate(GaussianConfig(sample_size=10, generations=5, replicates=256, seed=1), engine=engine)
    large = simulate(GaussianConfig(sample_size=10, generations=5, replicates=600, seed=1), engine=engine)
    np.testing.assert_array_equal(small.arrays["log_variance"], large.arrays["log_variance"][:256])


def test_exact_cost_does_not_depend_on_sample_size_and_handles_a_billion():
    cfg = GaussianConfig(sample_size=10**9, generations=50, replicates=2000, estimator="unbiased", seed=1)
    lr = simulate(cfg).metric("log_variance_ratio")[:, -1]
    # sd of log(chi2_n/n) is about sqrt(2/n): 50 steps at n = 1e9 move log-variance ~ 3e-4.
    assert np.abs(lr).max() < 3e-3


def test_distinct_indices_are_distinct_and_uniform():
    gen = np.random.default_rng(0)
    idx = distinct_indices(gen, 30_000, 6, 3)
    assert all(len(set(row)) == 3 for row in idx.tolist())
    # Every one of the 20 subsets of size 3 of 6 is equally likely: chi-square goodness of fit.
    from collections import Counter

    from scipy import stats

    counts = np.array(list(Counter(tuple(sorted(r)) for r in idx.tolist()).values()))
    assert counts.size == 20
    assert stats.chisquare(counts).pvalue > 1e-4


def test_subset_picker_reuses_its_workspace_and_stays_uniform():
    """One workspace across many picks (stamps, never cleared), n close to k (many redraws)."""
    from collections import Counter

    from scipy import stats

    from collapse_core.gaussian.monte_carlo import SubsetPicker

    gen = np.random.default_rng(5)
    picker = SubsetPicker(50, 7)
    seen = []
    for _ in range(400):
        idx = picker.pick(gen, 50, 6, 4)  # n = 6 <= stride 7: the last column is never used
        assert all(len(set(row)) == 4 and max(row) < 6 for row in idx.tolist())
        seen += [tuple(sorted(r)) for r in idx.tolist()]
    counts = np.array(list(Counter(seen).values()))
    assert counts.size == 15 and stats.chisquare(counts).pvalue > 1e-4


@pytest.mark.parametrize(("r", "source"), [(0.0, "fresh"), (0.2, "fresh"), (0.2, "fixed")])
def test_subsample_engine_matches_the_reference_loop_over_many_generations(r, source):
    """Larger pools than above (pool 30 x M at the end): two-sample KS, p > 1e-4."""
    cfg = GaussianConfig(
        sample_size=40,
        generations=30,
        replicates=2000,
        regime="accumulate-subsample",
        real_fraction=r,
        real_source=source,
        estimator="unbiased",
        seed=41,
    )
    ref_mean, ref_var = reference_runs(cfg, 2000, seed=42)
    res = simulate(cfg, engine="monte-carlo")
    for t in (2, 10, 30):
        assert_same_distribution(res.metric("variance")[:, t], ref_var[:, t], f"var t={t}")
        assert_same_distribution(res.metric("mean")[:, t], ref_mean[:, t], f"mean t={t}")


def test_subsample_engine_is_deterministic_and_blocks_are_independent():
    cfg = GaussianConfig(sample_size=20, generations=8, replicates=300, regime="accumulate-subsample", seed=9)
    a, b = simulate(cfg, engine="monte-carlo"), simulate(cfg, engine="monte-carlo")
    np.testing.assert_array_equal(a.arrays["log_variance"], b.arrays["log_variance"])
    small = simulate(
        GaussianConfig(sample_size=20, generations=8, replicates=256, regime="accumulate-subsample", seed=9),
        engine="monte-carlo",
    )
    np.testing.assert_array_equal(small.arrays["log_variance"], a.arrays["log_variance"][:256])
    for chunk in (7, 64):  # chunk_elements never changes a result
        np.testing.assert_array_equal(
            simulate(cfg, engine="monte-carlo", chunk=chunk).arrays["mean"], a.arrays["mean"]
        )
