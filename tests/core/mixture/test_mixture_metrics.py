"""Mixture metrics against direct computations: the KL bound against Monte Carlo KL, tail
mass against the non-central chi-square and Monte Carlo, W2 against scipy's sqrtm, live
modes and coverage on hand-made mixtures."""

import numpy as np
import pytest
from mixture_reference import log_normal_pdf
from scipy import linalg, special, stats

from collapse_core.mixture import metrics as mm
from collapse_core.mixture.config import MixtureConfig
from collapse_core.mixture.truth import outer_radius, truth, truth_means


def _random_fit(gen, k, d, spread=1.5):
    w = gen.dirichlet(np.ones(k))
    mu = gen.normal(0, spread, (k, d)) * 3
    a = gen.normal(0, 0.7, (k, d, d))
    cov = a @ a.transpose(0, 2, 1) + 0.2 * np.eye(d)
    return w, mu, cov


def _mixture_logpdf(x, w, mu, cov):
    return special.logsumexp(
        np.stack([np.log(w[j]) + log_normal_pdf(x, mu[j], cov[j]) for j in range(len(w))]), axis=0
    )


@pytest.mark.parametrize("d", [1, 2])
def test_kl_bound_is_above_monte_carlo_kl_and_zero_at_truth(d):
    gen = np.random.default_rng(d)
    cfg = MixtureConfig(dimension=d, components=3)
    t = truth(cfg)
    mu0 = truth_means(cfg)
    assert mm.kl_upper_bound(t.weights, t.means, t.covariances, mu0)[0] == pytest.approx(0.0, abs=1e-12)
    for _ in range(6):
        w, mu, cov = _random_fit(gen, 3, d, spread=0.8)
        n = 40_000
        counts = gen.multinomial(n, w)
        x = np.concatenate([gen.multivariate_normal(mu[j], cov[j], c) for j, c in enumerate(counts)])
        ratio = _mixture_logpdf(x, w, mu, cov) - _mixture_logpdf(
            x, t.weights[0], t.means[0], t.covariances[0]
        )
        kl, se = ratio.mean(), ratio.std() / np.sqrt(n)
        bound = mm.kl_upper_bound(w[None], mu[None], cov[None], mu0)[0]
        assert bound >= kl - 4.5 * se, (bound, kl, se)


def test_tail_mass_1d_is_the_normal_cdf():
    cfg = MixtureConfig(dimension=1, components=2, separation=4.0)
    lo, hi = outer_radius(cfg)
    assert (lo, hi) == (-5.0, 5.0)
    mu = np.array([[[-1.0], [3.0]]])
    cov = np.array([[[[0.5]], [[2.0]]]])
    got = mm.component_tail_mass(mu, cov, (lo, hi))[0]
    want = [
        special.ndtr((lo + 1) / np.sqrt(0.5)) + special.ndtr((-1 - hi) / np.sqrt(0.5)),
        special.ndtr((lo - 3) / np.sqrt(2.0)) + special.ndtr((3 - hi) / np.sqrt(2.0)),
    ]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize(
    ("centre", "sigma"), [((0.3, 0.1), 1.0), ((4.0, 1.0), 0.5), ((6.0, -2.0), 1.3), ((0, 0), 1e-3)]
)
def test_tail_mass_2d_isotropic_is_the_noncentral_chi_square(centre, sigma):
    c = 5.0
    mu = np.array(centre, dtype=float)[None, None]
    cov = (sigma**2 * np.eye(2))[None, None]
    got = mm.component_tail_mass(mu, cov, c)[0, 0]
    want = stats.ncx2.sf(c * c / sigma**2, 2, (mu**2).sum() / sigma**2)
    assert got == pytest.approx(want, rel=1e-6, abs=1e-12)


def test_tail_mass_2d_anisotropic_matches_monte_carlo():
    gen = np.random.default_rng(9)
    c = 4.0
    for centre in ((1.0, 0.5), (3.5, -1.0), (5.0, 0.0)):
        mu = np.array(centre)
        cov = np.array([[2.0, 0.9], [0.9, 0.8]])
        x = gen.multivariate_normal(mu, cov, 400_000)
        p = (np.hypot(x[:, 0], x[:, 1]) > c).mean()
        se = np.sqrt(p * (1 - p) / len(x))
        got = mm.component_tail_mass(mu[None, None], cov[None, None], c)[0, 0]
        assert abs(got - p) < 4.5 * se + 1e-4, (centre, got, p)


def test_w2_moment_matched_matches_sqrtm_formula():
    gen = np.random.default_rng(3)
    m0, s0 = np.array([0.5, -1.0]), np.array([[3.0, 0.4], [0.4, 1.5]])
    for _ in range(5):
        m1 = gen.normal(size=2)
        a = gen.normal(size=(2, 2))
        s1 = a @ a.T + 0.1 * np.eye(2)
        r0 = linalg.sqrtm(s0)
        want = np.sqrt(((m1 - m0) ** 2).sum() + np.trace(s1 + s0 - 2 * linalg.sqrtm(r0 @ s1 @ r0)).real)
        assert mm.w2_gaussians(m1[None], s1[None], m0, s0)[0] == pytest.approx(want, rel=1e-9)
    got = mm.w2_gaussians(np.array([[1.0]]), np.array([[[4.0]]]), np.array([0.0]), np.array([[1.0]]))
    assert got[0] == pytest.approx(np.sqrt(1 + 1))


def test_moments_of_the_truth():
    cfg = MixtureConfig(dimension=1, components=3, separation=4.0)
    ts = mm.truth_summary(cfg)
    assert ts["cov"][0, 0] == pytest.approx(1 + 32 / 3)  # 1 + var of {-4, 0, 4}
    # region [-7, 7]: the outer components each lose Phi(-3) + Phi(-11), the middle one 2 Phi(-7)
    want = (2 * (special.ndtr(-3) + special.ndtr(-11)) + 2 * special.ndtr(-7)) / 3
    assert ts["tail_mass"] == pytest.approx(want, rel=1e-12)


def test_live_modes_and_coverage_by_hand():
    k = 3
    mu0 = np.array([[-4.0], [0.0], [4.0]])
    # three distinct modes at the truth
    assert mm.modes_alive(np.array([1 / 3] * 3), mu0, k) == 3
    # component 2 merged onto component 1 (0.5 apart): two live modes; truth mode at +4 uncovered
    mu = np.array([[-4.0], [0.0], [0.5]])
    assert mm.modes_alive(np.array([0.4, 0.35, 0.25]), mu, k) == 2
    assert mm.truth_coverage(np.array([0.4, 0.35, 0.25]), mu, mu0) == pytest.approx(2 / 3)
    # weight below 0.1 / K = 0.0333: dead, even where it sits on a truth mode
    w = np.array([0.5, 0.48, 0.02])
    assert mm.modes_alive(w, mu0, k) == 2
    assert mm.truth_coverage(w, mu0, mu0) == pytest.approx(2 / 3)
    # a mode 1.2 sd from its truth mean is alive but does not cover it
    assert mm.truth_coverage(np.array([1 / 3] * 3), mu0 + 1.2, mu0) == 0.0
    assert mm.modes_alive(np.array([1 / 3] * 3), mu0 + 1.2, k) == 3
