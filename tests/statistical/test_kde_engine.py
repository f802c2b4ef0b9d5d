"""KDE family: the engine against the exact first-moment theory, against scipy's gaussian_kde
used as a per-replicate reference chain, and its grid metrics against direct computation.

Tolerances: means across replicates are within 4.5 standard errors of theory
(tests/statistical/stats_helpers.py); distributions agree by a two-sample KS test at p > 1e-4.
"""

import numpy as np
import pytest
from kde_reference import reference_runs
from scipy import integrate, optimize, special, stats
from stats_helpers import assert_mean_close, assert_same_distribution

from collapse_core import BATCH, simulate
from collapse_core.kde import KDEConfig, expected_moments, growth_factor, kernel, stationary_variance_ratio


def test_fixed_h_recursion_written_out():
    """E[V_{t+1}] = (M - 1)/M E[V_t] + h^2 for a fixed h (replace, no real data), V_0 = sigma0^2."""
    cfg = KDEConfig(sample_size=10, generations=6, bandwidth_rule="fixed", bandwidth=0.5, sigma0=2.0)
    v = [4.0]
    for _ in range(6):
        v.append(0.9 * v[-1] + 0.25)
    np.testing.assert_allclose(expected_moments(cfg)["variance_ratio"], np.array(v) / 4.0, rtol=1e-12)
    assert stationary_variance_ratio(cfg) == pytest.approx(10 * 0.25 / 4.0)


def test_rule_growth_factor_matches_recursion():
    cfg = KDEConfig(sample_size=50, generations=5, bandwidth_rule="scott")
    ev = expected_moments(cfg)["variance_ratio"]
    g = growth_factor(cfg)
    assert g == pytest.approx(49 / 50 + 50**-0.4)
    np.testing.assert_allclose(ev[2:] / ev[1:-1], g, rtol=1e-12)
    # generation 1: E[s^2] = (M-1)/M sigma0^2, plus E[h^2] = M^(-2/5) sigma0^2 (std with ddof 1)
    assert ev[1] == pytest.approx(49 / 50 + 50**-0.4)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(bandwidth_rule="fixed", bandwidth=0.6),
        dict(bandwidth_rule="silverman"),
        dict(bandwidth_rule="fixed", bandwidth=0.4, regime="accumulate"),
        dict(bandwidth_rule="scott", regime="accumulate", truth_shape="mixture", separation=3.0),
        dict(bandwidth_rule="fixed", bandwidth=0.5, real_fraction=0.3, real_source="fresh"),
        dict(bandwidth_rule="silverman", real_fraction=0.25, real_source="fixed", truth_shape="mixture"),
    ],
)
@pytest.mark.slow
def test_expected_variance_against_theory(kwargs):
    cfg = KDEConfig(sample_size=20, generations=6, replicates=3000, seed=11, **kwargs)
    res = simulate(cfg, budget=BATCH, snapshot_replicates=0)
    em = expected_moments(cfg)
    vr = res.metric("variance_ratio")
    drift = res.metric("mean_drift")
    for t in (1, 3, 6):
        assert_mean_close(vr[:, t], em["variance_ratio"][t], f"{kwargs} E[V_{t}]")
        assert_mean_close(drift[:, t] ** 2, em["mean_drift_sq"][t], f"{kwargs} E[drift_{t}^2]")


def test_variance_inflates_with_a_wide_fixed_kernel():
    """M h^2 = 9 sigma0^2: the mean variance ratio must rise far above 1 (the counter-example)."""
    cfg = KDEConfig(
        sample_size=100, generations=40, replicates=200, seed=3, bandwidth_rule="fixed", bandwidth=0.3
    )
    vr = simulate(cfg).metric("variance_ratio").mean(axis=0)
    assert vr[-1] > 3.0 > 1.5 * vr[1]  # theory: 9 - 8 (0.99)^40 = 3.65 at generation 40
    assert stationary_variance_ratio(cfg) == pytest.approx(9.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(bandwidth_rule="fixed", bandwidth=0.4),
        dict(bandwidth_rule="silverman", truth_shape="mixture", separation=5.0),
        dict(bandwidth_rule="scott", regime="accumulate", real_fraction=0.2, real_source="fixed"),
        dict(bandwidth_rule="fixed", bandwidth=0.3, regime="accumulate-subsample", real_fraction=0.1),
    ],
)
@pytest.mark.slow
def test_engine_matches_scipy_reference_in_distribution(kwargs):
    cfg = KDEConfig(sample_size=15, generations=4, replicates=400, seed=5, **kwargs)
    res = simulate(cfg, budget=BATCH, snapshot_replicates=0)
    ref = reference_runs(cfg, 400, seed=99)
    for j, name in enumerate(("mean", "variance", "tail_mass_3sd")):
        assert_same_distribution(res.arrays[name][:, -1], ref[:, -1, j], f"{kwargs} {name}")
    # modes are small integers: compare their means at 4.5 joint standard errors
    a, b = res.metric("modes")[:, -1], ref[:, -1, 3]
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    assert abs(a.mean() - b.mean()) <= 4.5 * se + 1e-9, (a.mean(), b.mean())


def test_bandwidth_rules_match_scipy():
    cfg_s = KDEConfig(bandwidth_rule="scott")
    cfg_v = KDEConfig(bandwidth_rule="silverman")
    x = np.random.default_rng(0).normal(size=(3, 40))
    for cfg, rule in ((cfg_s, "scott"), (cfg_v, "silverman")):
        h = kernel.bandwidths(cfg, x)
        for r in range(3):
            k = stats.gaussian_kde(x[r], bw_method=rule)
            assert h[r] == pytest.approx(np.sqrt(k.covariance[0, 0]), rel=1e-12)


def test_tail_mass_is_exact():
    cfg = KDEConfig(truth_shape="mixture", separation=3.0)
    x = np.array([[-1.0, 0.5, 2.0, 4.0]])
    h = np.array([0.7])
    a = 2 * cfg.truth_sd
    direct = integrate.quad(lambda z: kernel.density(x[0], 0.7, np.array([z]))[0], a, np.inf)[0]
    direct += integrate.quad(lambda z: kernel.density(x[0], 0.7, np.array([z]))[0], -np.inf, -a)[0]
    assert kernel.tail_mass(cfg, x, h, 2)[0] == pytest.approx(direct, rel=1e-7)


def test_grid_density_against_direct_sum():
    """Binned FFT density vs the direct sum: within 0.5% of the peak (spacing <= h/4)."""
    rng = np.random.default_rng(2)
    x = np.concatenate([rng.normal(size=(4, 60)), rng.normal(8, 0.1, size=(4, 5))], axis=1)
    h = np.array([0.05, 0.3, 1.0, 2.0])
    x0, dx, dens = kernel.grid_density(x, h)
    for r in range(4):
        grid = x0[r] + dx[r] * np.arange(dens.shape[1])
        exact = kernel.density(x[r], h[r], grid)
        assert np.abs(dens[r] - exact).max() < 5e-3 * exact.max()
    assert np.all(dx <= h / kernel.POINTS_PER_H + 1e-12)


def test_modes_two_points():
    """Two equal kernels are bimodal exactly when their centres are more than 2h apart."""
    x = np.array([[0.0, 1.9], [0.0, 2.1], [0.0, 6.0], [0.0, 0.0]])
    _, _, dens = kernel.grid_density(x, np.ones(4))
    assert kernel.count_modes(dens).tolist() == [1, 2, 2, 1]


@pytest.mark.parametrize("h", [0.3, 1.0, 2.5])
def test_w2_of_one_point_kde(h):
    """All points at mu0: the KDE is N(mu0, h^2), so W2 to N(mu0, sigma0^2) = |h - sigma0|."""
    cfg = KDEConfig(mu0=1.0, sigma0=1.0)
    x0, dx, dens = kernel.grid_density(np.ones((1, 5)), np.array([h]))
    w2 = kernel.wasserstein2(x0, dx, dens, kernel.truth_nodes(cfg))[0]
    assert w2 == pytest.approx(abs(h - 1.0), abs=2e-3)


def test_w2_against_quadrature():
    cfg = KDEConfig(truth_shape="mixture", separation=3.0)
    x = np.random.default_rng(4).normal(0.5, 2.0, size=(1, 12))
    h = 0.6
    x0, dx, dens = kernel.grid_density(x, np.array([h]))
    w2 = kernel.wasserstein2(x0, dx, dens, kernel.truth_nodes(cfg))[0]

    def q_kde(u):
        return optimize.brentq(lambda z: special.ndtr((z - x[0]) / h).mean() - u, -60, 60, xtol=1e-12)

    q_truth = kernel.TruthQuantile(cfg)
    exact = np.sqrt(integrate.quad(lambda u: (q_kde(u) - q_truth(np.array(u))) ** 2, 0, 1, limit=200)[0])
    assert w2 == pytest.approx(exact, rel=5e-3)


def test_generation_zero_is_the_truth():
    cfg = KDEConfig(
        generations=2, replicates=3, seed=1, truth_shape="mixture", separation=4.0, sample_size=30
    )
    res = simulate(cfg)
    assert np.all(res.metric("variance_ratio")[:, 0] == 1.0)
    assert np.all(res.metric("modes")[:, 0] == 2) and np.all(res.metric("wasserstein2")[:, 0] == 0)
    assert np.all(res.metric("tail_ratio_2sd")[:, 0] == 1.0)
