"""Wright-Fisher theory against the simulation, with stated Monte Carlo tolerances.

Tolerance: |simulated mean - theory| <= 4.5 standard errors (the SE estimated from the
replicates), plus, for the branching approximation, its own bias bound. Seeds are fixed,
so the tests are deterministic; the replicate counts make the tolerances meaningful.
"""

import numpy as np
import pytest

from collapse_core.categorical import (
    CategoricalConfig,
    alive_probability,
    expected_heterozygosity,
    expected_surviving,
    fixation_probability,
    simulate_categorical,
    theory,
    truth_probabilities,
)
from collapse_core.categorical.theory import transition_matrix

Z = 4.5


def _assert_mean_close(samples, expected, label, extra=0.0):
    """samples (R, T) against expected (T,): |mean - expected| <= Z * SE + extra."""
    se = samples.std(axis=0) / np.sqrt(samples.shape[0])
    diff = np.abs(samples.mean(axis=0) - expected)
    bad = diff > Z * se + extra + 1e-12
    assert not bad.any(), (label, np.flatnonzero(bad), diff[bad], se[bad])


def test_heterozygosity_closed_form_for_the_mle():
    cfg = CategoricalConfig(sample_size=37, categories=500, generations=300)
    p0 = truth_probabilities(cfg)
    t = np.arange(301)
    np.testing.assert_allclose(expected_heterozygosity(cfg), (1 - p0 @ p0) * (1 - 1 / 37) ** t, rtol=1e-12)


def test_heterozygosity_with_full_real_data_is_stationary():
    cfg = CategoricalConfig(sample_size=30, categories=50, generations=5, real_fraction=1.0)
    h = expected_heterozygosity(cfg)
    np.testing.assert_allclose(h[1:], h[1] * np.ones(5), rtol=1e-12)
    np.testing.assert_allclose(h[1], h[0] * (1 - 1 / 30), rtol=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"smoothing": 0.5},
        {"real_fraction": 0.3},
        {"real_fraction": 0.3, "real_source": "fixed", "smoothing": 0.2},
        {"regime": "accumulate"},
        {"regime": "accumulate", "real_fraction": 0.25, "real_source": "fixed"},
        {"regime": "accumulate", "real_fraction": 0.25, "smoothing": 1.0},
        {"regime": "accumulate-subsample"},
        {"regime": "accumulate-subsample", "real_fraction": 0.5},
        {"regime": "accumulate-subsample", "real_fraction": 0.5, "real_source": "fixed", "smoothing": 0.3},
    ],
)
def test_expected_heterozygosity_matches_simulation(kw):
    cfg = CategoricalConfig(sample_size=20, categories=30, generations=12, replicates=3000, seed=11, **kw)
    res = simulate_categorical(cfg)
    _assert_mean_close(res.metric("heterozygosity"), expected_heterozygosity(cfg), kw)


@pytest.mark.parametrize("count", [1, 3])
def test_alive_probability_for_count_c_matches_simulation(count):
    """Uniform truth with p0 = c / M: every category starts as one with count c of M."""
    m = 60
    cfg = CategoricalConfig(
        truth="uniform", categories=m // count, sample_size=m, generations=40, replicates=2000, seed=5
    )
    res = simulate_categorical(cfg)
    expected = alive_probability(m, 40, count / m, method="exact")[0]
    _assert_mean_close(res.metric("surviving_fraction"), expected, count)


def test_expected_surviving_exact_matches_simulation_zipf():
    cfg = CategoricalConfig(sample_size=80, categories=400, generations=60, replicates=1500, seed=9)
    expected, method = expected_surviving(cfg)
    assert method == "exact"
    _assert_mean_close(simulate_categorical(cfg).metric("surviving").astype(float), expected, "zipf")


@pytest.mark.slow
def test_branching_limit_is_close_to_exact_for_rare_categories():
    """Poisson branching vs the exact chain at M = 2000, counts 1..10, 100 generations:
    observed worst difference 0.0017; the bound asserted is 0.0025."""
    m = 2000
    f = np.arange(1, 11) / m
    diff = np.abs(alive_probability(m, 100, f, "exact") - alive_probability(m, 100, f, "branching"))
    assert diff.max() < 0.0025


@pytest.mark.slow
def test_branching_limit_matches_simulation_at_large_m():
    """M = K = 20 000 (one expected token per category), beyond the exact method's reach.
    Extra tolerance t / M: the branching limit's order of error."""
    cfg = CategoricalConfig(
        truth="uniform", categories=20_000, sample_size=20_000, generations=30, replicates=20, seed=2
    )
    expected, method = expected_surviving(cfg)
    assert method == "branching"
    res = simulate_categorical(cfg)
    extra = np.arange(31) / 20_000
    _assert_mean_close(res.metric("surviving_fraction"), expected / 20_000, "branching", extra)


@pytest.mark.slow
def test_fixation_probability_equals_initial_frequency():
    """K = 4 Zipf categories, M = 20: by generation 300 (almost) every chain has fixed, and
    the share fixed on each category matches the exact matrix, which equals p0_k."""
    cfg = CategoricalConfig(categories=4, sample_size=20, generations=300, replicates=4000, seed=3)
    p0 = truth_probabilities(cfg)
    res = simulate_categorical(cfg)
    first = res.arrays["first_extinct"]
    exact_final = fixation_probability(20, 300, p0)[:, -1]
    np.testing.assert_allclose(exact_final, p0, atol=1e-6)  # 1.5e-7 of chains still unfixed
    np.testing.assert_allclose(fixation_probability(20, 2000, p0)[:, -1], p0, atol=1e-12)
    for t in (10, 30, 300):
        alive = (first < 0) | (first > t)
        sole = alive & (alive.sum(axis=1, keepdims=True) == 1)
        expected = fixation_probability(20, t, p0)[:, -1]
        se = np.sqrt(expected * (1 - expected) / 4000)
        assert np.all(np.abs(sole.mean(axis=0) - expected) <= Z * se + 1e-12), (
            t,
            sole.mean(axis=0),
            expected,
        )


def test_transition_matrix_rows_are_distributions():
    tm = transition_matrix(50)
    np.testing.assert_allclose(tm.sum(axis=1), 1.0, rtol=1e-12)
    assert tm[0, 0] == 1 and tm[50, 50] == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: alive_probability(10, 5, 0.1, method="diffusion"),
            "method must be one of auto, exact, branching",
        ),
        (
            lambda: alive_probability(5000, 5, 0.1, method="exact"),
            "method 'exact' needs sample_size <= 2000; got 5000",
        ),
        (lambda: alive_probability(10, 5, 1.5), "frequency must hold numbers in [0, 1]"),
        (lambda: alive_probability(10, -1, 0.1), "steps must be a non-negative integer; got -1"),
        (
            lambda: fixation_probability(3000, 5, 0.1),
            "sample_size must be from 2 to 2000 for the exact method; got 3000",
        ),
    ],
)
def test_theory_argument_messages(call, message):
    with pytest.raises(ValueError, match=__import__("re").escape(message)):
        call()


def test_theory_dict_contents():
    drift = theory(CategoricalConfig(sample_size=50, categories=100, generations=10))
    assert set(drift) == {
        "expected_heterozygosity",
        "expected_surviving",
        "expected_surviving_method",
        "fixation_probability_rank1",
        "fresh_sample_surviving",
    }
    assert len(drift["expected_surviving"]) == 11 and drift["expected_surviving"][0] == 100
    mixed = theory(CategoricalConfig(sample_size=50, categories=100, generations=10, real_fraction=0.2))
    assert set(mixed) == {"expected_heterozygosity", "fresh_sample_surviving"}


def test_zipf_mandelbrot_truth_and_its_drift_theory():
    """p_k proportional to (k + b)^-s (Suresh et al.); b = 0 is Zipf. The expected
    heterozygosity follows the Wright-Fisher law (1 - 1/M)^t H0 on this truth too."""
    import numpy as np

    from collapse_core import simulate
    from collapse_core.categorical import CategoricalConfig, expected_heterozygosity, truth_probabilities

    cfg = CategoricalConfig(
        categories=50,
        zipf_exponent=1.2,
        zipf_offset=2.5,
        sample_size=40,
        generations=15,
        replicates=3000,
        seed=8,
    )
    p = truth_probabilities(cfg)
    k = np.arange(1, 51)
    np.testing.assert_allclose(p, (k + 2.5) ** -1.2 / ((k + 2.5) ** -1.2).sum(), rtol=1e-12)
    assert np.array_equal(
        truth_probabilities(CategoricalConfig(categories=50, zipf_exponent=1.2)),
        truth_probabilities(CategoricalConfig(categories=50, zipf_exponent=1.2, zipf_offset=0.0)),
    )
    het = simulate(cfg).metric("heterozygosity")[:, -1]
    se = het.std(ddof=1) / np.sqrt(het.size)
    assert abs(het.mean() - expected_heterozygosity(cfg)[-1]) < 4.5 * se
