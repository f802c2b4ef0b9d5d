"""The chain on a user's data set against the same computation done by hand: generation 1 is
fitted on a bootstrap resample of the data, so its fitted statistics follow the bootstrap
distribution; rare values are missed at the rate (1 - 1/n)^M.

Tolerances: means within Z = 4.5 standard errors estimated from the replicates, whole
distributions by a two-sample KS test at alpha = 1e-4 (stats_helpers)."""

from __future__ import annotations

import numpy as np
import pytest
from stats_helpers import assert_mean_close, assert_same_distribution

from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian.theory import theory as gaussian_theory
from collapse_core.userdata import store
from collapse_core.userdata.truth import EmpiricalTruth

# Skewed, with one far outlier: nothing like a Gaussian, so a Gaussian truth would show.
DATA = np.array([150.0, 152, 155, 158, 160, 161, 163, 166, 170, 175, 181, 190, 240])
R = 4000


@pytest.fixture
def data_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    return store.put_values({"height": DATA}, "heights", "cm")


def _bootstrap_variance(m: int, ddof: int, reps: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pts = DATA[rng.integers(0, DATA.size, (reps, m))]
    return pts.var(axis=1, ddof=ddof)


@pytest.mark.parametrize(
    ("regime", "fraction", "source", "estimator"),
    [
        ("replace", 0.0, "fresh", "mle"),
        ("replace", 0.5, "fixed", "unbiased"),
        ("accumulate", 0.3, "fresh", "mle"),
        ("accumulate-subsample", 0.2, "fresh", "unbiased"),
    ],
)
def test_generation_one_is_a_bootstrap_fit(data_hash, regime, fraction, source, estimator):
    m = 12
    cfg = GaussianConfig(
        sample_size=m,
        generations=3,
        replicates=R,
        seed=11,
        data=data_hash,
        regime=regime,
        real_fraction=fraction,
        real_source=source,
        estimator=estimator,
    )
    res = simulate(cfg)
    assert res.engine == "monte-carlo" and "exact engine assumes a Gaussian truth" in res.engine_reason
    assert res.config.mu0 == pytest.approx(DATA.mean()) and res.config.sigma0 == pytest.approx(DATA.std())
    ddof = cfg.ddof
    v1 = res.metric("variance")[:, 1]
    by_hand = _bootstrap_variance(m, ddof, R, seed=99)
    assert_same_distribution(v1, by_hand, "generation 1's fitted variance vs the bootstrap's")
    # E[s^2] of a resample of size m from the data: (m - 1) / (m - ddof) * var(data, ddof=0)
    assert_mean_close(v1, (m - 1) / (m - ddof) * DATA.var(), "mean fitted variance")
    mean1 = res.metric("mean")[:, 1]
    assert_mean_close(mean1, DATA.mean(), "mean of generation 1's fitted mean")
    assert_mean_close((mean1 - DATA.mean()) ** 2, DATA.var() / m, "variance of generation 1's fitted mean")


def test_a_fixed_real_set_is_one_draw_reused(data_hash):
    cfg = GaussianConfig(
        sample_size=10,
        generations=5,
        replicates=500,
        seed=4,
        data=data_hash,
        real_fraction=1.0,
        real_source="fixed",
    )
    v = simulate(cfg).metric("variance")
    np.testing.assert_array_equal(v[:, 1:], np.repeat(v[:, 1:2], 5, axis=1))
    assert np.unique(v[:, 1]).size > 50  # and each chain's draw is its own


def test_replace_still_collapses_on_data(data_hash):
    """After the first generation the chain is the Gaussian chain: E[variance ratio] under
    replace with the MLE is ((M - 1) / M)^t for any truth with a finite variance."""
    m, g = 8, 20
    cfg = GaussianConfig(sample_size=m, generations=g, replicates=R, seed=5, data=data_hash)
    ratio = simulate(cfg).metric("variance_ratio")
    for t in (1, 5, 20):
        assert_mean_close(ratio[:, t], ((m - 1) / m) ** t, f"E[variance ratio] at t={t}")


@pytest.mark.parametrize(
    ("regime", "fraction", "source"),
    [
        ("accumulate", 0.0, "fresh"),
        ("replace", 0.3, "fresh"),
        ("replace", 0.3, "fixed"),
        ("accumulate", 0.2, "fixed"),
    ],
)
def test_expected_variance_theory_holds_on_data(data_hash, regime, fraction, source):
    """The moment recursion uses only the truth's mean and variance: drawn for data too, and
    true; the median path (Gaussian points) is not drawn."""
    cfg = GaussianConfig(
        sample_size=10,
        generations=12,
        replicates=R,
        seed=8,
        data=data_hash,
        regime=regime,
        real_fraction=fraction,
        real_source=source,
    )
    res = simulate(cfg)
    theory = gaussian_theory(res.config)
    assert "median_variance_ratio" not in theory
    ratio = res.metric("variance_ratio")
    for t in (1, 4, 12):
        assert_mean_close(ratio[:, t], theory["expected_variance_ratio"][t], f"E[variance ratio] at t={t}")


@pytest.mark.parametrize("m", [5, 13, 40])
def test_a_rare_value_is_missed_at_the_resampling_rate(m):
    truth = EmpiricalTruth(DATA)
    gen = np.random.default_rng(m)
    pts = truth.draw(gen, (20_000, m))
    missed = ~np.any(pts == 240.0, axis=1)
    expected = (1 - 1 / DATA.size) ** m
    assert_mean_close(missed.astype(float), expected, f"P(the outlier is missed), M={m}")


def test_exact_engine_is_refused_with_data(data_hash):
    with pytest.raises(ValueError, match="assumes a Gaussian truth"):
        simulate(GaussianConfig(replicates=10, generations=2, seed=1, data=data_hash), engine="exact")


def test_an_expired_hash_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="may have expired"):
        simulate(GaussianConfig(replicates=10, generations=2, seed=1, data="ab" * 32))


def test_wasserstein2_is_the_distance_to_the_data_itself(data_hash):
    """Against a quantile coupling done by hand on a fine grid of u: W2 between the fitted
    N(m, s^2) and the data's empirical distribution (not a Gaussian truth)."""
    from scipy import stats

    cfg = GaussianConfig(sample_size=10, generations=4, replicates=6, seed=3, data=data_hash)
    res = simulate(cfg)
    w2 = res.metric("wasserstein2")
    u = (np.arange(400_000) + 0.5) / 400_000
    q_data = np.sort(DATA)[np.minimum((u * DATA.size).astype(int), DATA.size - 1)]
    for r in range(6):
        for t in (0, 1, 4):
            m = res.metric("mean")[r, t]
            s = np.sqrt(res.metric("variance")[r, t])
            by_hand = np.sqrt(np.mean((m + s * stats.norm.ppf(u) - q_data) ** 2))
            assert w2[r, t] == pytest.approx(by_hand, rel=1e-3, abs=1e-3)
    assert w2[0, 0] > 0  # even the best Gaussian is some way from skewed data


def test_tail_ratios_compare_with_the_datas_own_tails(data_hash):
    cfg = GaussianConfig(sample_size=10, generations=2, replicates=5, seed=3, data=data_hash)
    res = simulate(cfg)
    z = np.abs(DATA - DATA.mean()) / DATA.std()
    for k in (2, 3, 4):
        share = np.mean(z > k)
        ratio = res.metric(f"tail_ratio_{k}sigma")
        if share == 0:
            assert np.all(np.isnan(ratio))
        else:
            np.testing.assert_allclose(ratio, res.metric(f"tail_mass_{k}sigma") / share)


@pytest.mark.parametrize("rule", ["fixed", "silverman"])
def test_kde_generation_one_is_a_kde_of_a_bootstrap_resample(data_hash, rule):
    """Generation 1's KDE variance is var(resample, ddof 0) + h^2, the resample drawn from the
    data with replacement: compared in distribution with the same computation by hand."""
    from collapse_core import KDEConfig
    from collapse_core.kde.kernel import bandwidth_factor

    m, h_fixed = 12, 4.0
    cfg = KDEConfig(
        sample_size=m,
        generations=2,
        replicates=R,
        seed=21,
        data=data_hash,
        bandwidth_rule=rule,
        bandwidth=h_fixed,
    )
    res = simulate(cfg)
    assert res.config.sigma0 == pytest.approx(DATA.std())
    v1 = res.metric("variance")[:, 1]
    rng = np.random.default_rng(77)
    pts = DATA[rng.integers(0, DATA.size, (R, m))]
    h = np.full(R, h_fixed) if rule == "fixed" else bandwidth_factor(rule, m) * pts.std(axis=1, ddof=1)
    assert_same_distribution(v1, pts.var(axis=1) + h * h, "KDE variance at generation 1 vs by hand")


def test_kde_expected_variance_theory_holds_on_data(data_hash):
    """The KDE's moment recursion needs only the truth's variance: true on data too."""
    from collapse_core import KDEConfig
    from collapse_core.kde.theory import theory as kde_theory

    cfg = KDEConfig(
        sample_size=10, generations=8, replicates=R, seed=6, data=data_hash, bandwidth_rule="silverman"
    )
    res = simulate(cfg)
    expected = kde_theory(res.config)["expected_variance_ratio"]
    ratio = res.metric("variance_ratio")
    for t in (1, 4, 8):
        assert_mean_close(ratio[:, t], expected[t], f"KDE E[variance ratio] at t={t}")


def test_kde_wasserstein_is_zero_for_the_data_itself_and_positive_after(data_hash):
    from collapse_core import KDEConfig

    res = simulate(KDEConfig(sample_size=13, generations=3, replicates=50, seed=2, data=data_hash))
    w2 = res.metric("wasserstein2")
    assert np.all(w2[:, 0] == 0) and np.all(w2[:, 1:] > 0)
    assert KDEConfig(data=data_hash, truth_shape="mixture").truth_shape == "normal"  # the data is the shape
