"""The batched EM against a per-replicate reference loop and scikit-learn, on the same data
and from the same initialisation; sampling from fitted mixtures."""

import warnings

import numpy as np
import pytest
from mixture_reference import reference_em
from scipy import stats
from stats_helpers import KS_ALPHA

from collapse_core.mixture import em
from collapse_core.mixture.config import MixtureConfig
from collapse_core.mixture.truth import Mixture, truth


def _data(d, k, r=6, n=300, seed=0, separation=4.0):
    cfg = MixtureConfig(dimension=d, components=k, separation=separation)
    gen = np.random.default_rng(seed)
    x = em.sample(gen, truth(cfg).rows(r), n)
    # a perturbed start, different per row, so EM has work to do
    init = truth(cfg).rows(r)
    means = init.means + gen.normal(0, 0.5, init.means.shape)
    covs = init.covariances * gen.uniform(0.5, 2.0, (r, k, 1, 1))
    if d == 2:
        covs[..., 0, 1] = covs[..., 1, 0] = 0.2 * covs[..., 0, 0]
    w = gen.dirichlet(np.full(k, 5.0), size=r)
    return x, Mixture(w, means, covs)


@pytest.mark.parametrize(("d", "k"), [(1, 2), (1, 5), (2, 3), (2, 8)])
def test_batched_em_equals_per_replicate_reference(d, k):
    x, init = _data(d, k)
    fit, iters, conv = em.fit(x, init, tol=1e-6, max_iter=200, floor=1e-3)
    for i in range(x.shape[0]):
        w, mu, cov, it, c = reference_em(
            x[i], init.weights[i], init.means[i], init.covariances[i], tol=1e-6, max_iter=200, floor=1e-3
        )
        assert iters[i] == it and conv[i] == c
        np.testing.assert_allclose(fit.weights[i], w, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(fit.means[i], mu, rtol=1e-8, atol=1e-9)
        np.testing.assert_allclose(fit.covariances[i], cov, rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize(("d", "k"), [(1, 3), (2, 2), (2, 4)])
def test_batched_em_matches_scikit_learn(d, k):
    sklearn_mixture = pytest.importorskip("sklearn.mixture")
    x, init = _data(d, k, r=3, n=300, seed=1)
    tol, max_iter, floor = 1e-6, 300, 1e-3
    fit, iters, conv = em.fit(x, init, tol=tol, max_iter=max_iter, floor=floor)
    for i in range(x.shape[0]):
        gm = sklearn_mixture.GaussianMixture(
            n_components=k,
            covariance_type="full",
            tol=tol,
            max_iter=max_iter,
            reg_covar=floor,
            weights_init=init.weights[i],
            means_init=init.means[i],
            precisions_init=np.linalg.inv(init.covariances[i]),
            init_params="random_from_data",
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gm.fit(x[i])
        assert gm.n_iter_ == iters[i] and gm.converged_ == conv[i]
        np.testing.assert_allclose(fit.weights[i], gm.weights_, rtol=1e-7, atol=1e-10)
        np.testing.assert_allclose(fit.means[i], gm.means_, rtol=1e-7, atol=1e-8)
        np.testing.assert_allclose(fit.covariances[i], gm.covariances_, rtol=1e-7, atol=1e-8)


def test_rows_per_call_and_row_order_never_change_a_fit():
    x, init = _data(2, 3, r=7)
    whole = em.fit(x, init, tol=1e-5, max_iter=50, floor=1e-3)
    pieces = em.fit(x, init, tol=1e-5, max_iter=50, floor=1e-3, rows_per_call=3)
    rev = em.fit(
        x[::-1].copy(),
        Mixture(*(a[::-1].copy() for a in (init.weights, init.means, init.covariances))),
        tol=1e-5,
        max_iter=50,
        floor=1e-3,
    )
    for a, b in zip(
        (whole[0].weights, whole[0].means, whole[0].covariances, whole[1]),
        (pieces[0].weights, pieces[0].means, pieces[0].covariances, pieces[1]),
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(rev[0].means[::-1], whole[0].means, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(rev[1][::-1], whole[1])


def test_max_iter_stops_unconverged_and_one_iteration_is_one_step():
    x, init = _data(1, 3, r=3)
    _, iters, conv = em.fit(x, init, tol=1e-12, max_iter=2, floor=1e-3)
    assert np.all(iters == 2) and not conv.any()
    fit1, _, _ = em.fit(x, init, tol=1e-12, max_iter=1, floor=1e-3)
    w, mu, cov, _, _ = reference_em(
        x[0], init.weights[0], init.means[0], init.covariances[0], tol=1e-12, max_iter=1, floor=1e-3
    )
    np.testing.assert_allclose(fit1.weights[0], w, rtol=1e-10)
    np.testing.assert_allclose(fit1.means[0], mu, rtol=1e-10)
    np.testing.assert_allclose(fit1.covariances[0], cov, rtol=1e-10)


def test_variance_floor_holds_and_dead_component_stays_put():
    # All points at two spots: the components there shrink to the floor; a third component far
    # away gets no responsibility, keeps its mean and covariance, and its weight falls to ~0.
    x = np.concatenate([np.full(50, -1.0), np.full(50, 1.0)])[None, :, None]
    init = Mixture(np.array([[0.4, 0.4, 0.2]]), np.array([[[-1.2], [1.1], [60.0]]]), np.ones((1, 3, 1, 1)))
    fit, _, _ = em.fit(x, init, tol=1e-10, max_iter=500, floor=1e-3)
    assert np.all(fit.covariances >= 1e-3)
    np.testing.assert_allclose(fit.covariances[0, :2, 0, 0], 1e-3, rtol=1e-6)
    assert fit.means[0, 2, 0] == 60.0 and fit.covariances[0, 2, 0, 0] == 1.0
    assert fit.weights[0, 2] < 1e-15


@pytest.mark.parametrize("d", [1, 2])
def test_sampling_counts_and_points_follow_the_mixture(d):
    cfg = MixtureConfig(dimension=d, components=3, separation=6.0)
    mix = truth(cfg).rows(2)
    mix.weights[:] = [0.5, 0.3, 0.2]
    if d == 2:
        mix.covariances[:, 1] = [[2.0, 0.8], [0.8, 1.0]]
    x = em.sample(np.random.default_rng(5), mix, 20_000)
    assert x.shape == (2, 20_000, d)
    # nearest truth mean identifies the component at separation 6 (error ~ 1e-3)
    lab = np.argmin(((x[:, :, None, :] - mix.means[:, None]) ** 2).sum(-1), axis=2)
    share = np.stack([(lab == j).mean(axis=1) for j in range(3)], axis=1)
    np.testing.assert_allclose(share, np.broadcast_to([0.5, 0.3, 0.2], (2, 3)), atol=0.015)
    pts = x[0][lab[0] == 1] - mix.means[0, 1]
    np.testing.assert_allclose(np.cov(pts.T).reshape(d, d), mix.covariances[0, 1], atol=0.12)
    z = pts[:, 0] / np.sqrt(mix.covariances[0, 1, 0, 0])
    assert stats.kstest(z, "norm").pvalue > KS_ALPHA
