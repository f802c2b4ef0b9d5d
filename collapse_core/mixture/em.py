"""Batched EM for Gaussian mixtures, many replicates at once, and sampling from fitted mixtures.

Arrays carry one row per replicate: data (R, N, D), weights (R, K), means (R, K, D),
covariances (R, K, D, D), D = 1 or 2 (full 2x2 covariances). There is no Python loop over
replicates: each EM iteration is two batched matrix products on (R, K, N) arrays.

The trick: a Gaussian log-density plus log-weight is a quadratic in x, so with per-point
features F = [1, x, x^2] (1-D) or [1, x1, x2, x1^2, x1 x2, x2^2] (2-D) the E step's log
probabilities are C @ F for per-component coefficients C (R, K, P), and the M step's
weighted moments are resp @ F^T (R, K, P): counts, sums and sums of squares per component.

The algorithm is scikit-learn's GaussianMixture(covariance_type="full") step for step:
  * iteration i: E step with the current parameters gives responsibilities and the mean
    log-likelihood per point L_i; the M step then sets n_k = sum of responsibilities + 10 eps,
    weights n_k / sum n_k, means and covariances the weighted moments, and adds
    `variance_floor` to each covariance's diagonal (scikit-learn's reg_covar);
  * convergence rule, per replicate: stop after the M step of iteration i when
    |L_i - L_{i-1}| < tol (L_0 = -inf), or after max_iter iterations (not converged). Each
    replicate stops on its own, so results do not depend on which replicates share a batch.
  * initialisation: the parameters passed in (the chain passes the previous generation's fit;
    generation 1 starts from the truth), so every fit is deterministic given its data.
One addition: a component whose total responsibility is below FROZEN_MASS points keeps its
previous mean and covariance (its weight still follows the data), instead of the 0/0 that
the moments would give. A dead component therefore stays where it died, with weight ~0.
"""

from __future__ import annotations

import math

import numpy as np

from collapse_core.mixture.truth import Mixture

LOG_2PI = math.log(2.0 * math.pi)
_TINY = np.finfo(float).tiny
_EPS10 = 10.0 * np.finfo(float).eps
FROZEN_MASS = 1e-8


def features(x: np.ndarray) -> np.ndarray:
    """(R, P, N) per-point features: [1, x, x^2] (D = 1) or [1, x1, x2, x1^2, x1 x2, x2^2].

    Points lie along the last axis, so every reduction over the K components runs over a
    short outer axis with long contiguous rows (numpy is slow at reducing a short last axis).
    """
    r, n, d = x.shape
    x0 = x[..., 0]
    if d == 1:
        f = np.empty((r, 3, n))
        f[:, 0] = 1.0
        f[:, 1] = x0
        np.multiply(x0, x0, out=f[:, 2])
        return f
    x1 = x[..., 1]
    f = np.empty((r, 6, n))
    f[:, 0] = 1.0
    f[:, 1] = x0
    f[:, 2] = x1
    np.multiply(x0, x0, out=f[:, 3])
    np.multiply(x0, x1, out=f[:, 4])
    np.multiply(x1, x1, out=f[:, 5])
    return f


def coefficients(w: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """(R, K, P): log w_k + log N(x; mu_k, cov_k) = C[:, k] @ F(x)."""
    logw = np.log(np.maximum(w, _TINY))
    if mu.shape[-1] == 1:
        v, m = cov[..., 0, 0], mu[..., 0]
        c0 = logw - 0.5 * (LOG_2PI + np.log(v)) - 0.5 * m * m / v
        return np.stack([c0, m / v, -0.5 / v], axis=2)
    a, b, c = cov[..., 0, 0], cov[..., 0, 1], cov[..., 1, 1]
    det = a * c - b * b
    p11, p12, p22 = c / det, -b / det, a / det
    m1, m2 = mu[..., 0], mu[..., 1]
    h1, h2 = p11 * m1 + p12 * m2, p12 * m1 + p22 * m2
    c0 = logw - LOG_2PI - 0.5 * np.log(det) - 0.5 * (m1 * h1 + m2 * h2)
    return np.stack([c0, h1, h2, -0.5 * p11, -p12, -0.5 * p22], axis=2)


def e_step(f: np.ndarray, coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(responsibilities (R, K, N), mean log-likelihood per point (R,)) from features (R, P, N)."""
    lp = np.matmul(coef, f)
    mx = lp.max(axis=1, keepdims=True)
    lp -= mx
    np.exp(lp, out=lp)
    s = lp.sum(axis=1, keepdims=True)
    lp /= s
    ll = (mx[:, 0] + np.log(s[:, 0])).mean(axis=1)
    return lp, ll


def m_step(f: np.ndarray, resp: np.ndarray, old_mu: np.ndarray, old_cov: np.ndarray, floor: float):
    """(weights, means, covariances) from the responsibilities (see the module docstring)."""
    s = np.matmul(resp, f.transpose(0, 2, 1))  # (R, K, P)
    nk = s[..., 0] + _EPS10
    w = nk / nk.sum(axis=1, keepdims=True)
    d = old_mu.shape[-1]
    mu = s[..., 1 : 1 + d] / nk[..., None]
    cov = np.empty_like(old_cov)
    if d == 1:
        cov[..., 0, 0] = np.maximum(s[..., 2] / nk - mu[..., 0] ** 2, 0.0) + floor
    else:
        m1, m2 = mu[..., 0], mu[..., 1]
        cov[..., 0, 0] = np.maximum(s[..., 3] / nk - m1 * m1, 0.0) + floor
        cov[..., 1, 1] = np.maximum(s[..., 5] / nk - m2 * m2, 0.0) + floor
        cov[..., 0, 1] = cov[..., 1, 0] = s[..., 4] / nk - m1 * m2
    frozen = s[..., 0] < FROZEN_MASS
    if frozen.any():
        mu[frozen] = old_mu[frozen]
        cov[frozen] = old_cov[frozen]
    return w, mu, cov


def fit(
    x: np.ndarray, init: Mixture, *, tol: float, max_iter: int, floor: float, rows_per_call: int | None = None
):
    """EM on every row of x (R, N, D) from `init` (R rows).

    Returns (Mixture, iterations (R,) int, converged (R,) bool). `rows_per_call` bounds how
    many rows are processed together (memory); it never changes a result.
    """
    r = x.shape[0]
    step = r if rows_per_call is None else max(1, rows_per_call)
    w, mu, cov = init.weights.copy(), init.means.copy(), init.covariances.copy()
    iters = np.zeros(r, dtype=np.int32)
    conv = np.zeros(r, dtype=bool)
    for r0 in range(0, r, step):
        sl = slice(r0, min(r0 + step, r))
        _fit_rows(features(x[sl]), w[sl], mu[sl], cov[sl], iters[sl], conv[sl], tol, max_iter, floor)
    return Mixture(w, mu, cov), iters, conv


def _fit_rows(f, w, mu, cov, iters, conv, tol, max_iter, floor) -> None:
    """EM in place on views of one batch of rows; converged rows leave the batch."""
    active = np.arange(f.shape[0])
    prev = np.full(f.shape[0], -np.inf)
    fa = f
    while active.size:
        resp, ll = e_step(fa, coefficients(w[active], mu[active], cov[active]))
        w_new, mu_new, cov_new = m_step(fa, resp, mu[active], cov[active], floor)
        del resp
        w[active], mu[active], cov[active] = w_new, mu_new, cov_new
        iters[active] += 1
        done = np.abs(ll - prev[active]) < tol
        conv[active[done]] = True
        prev[active] = ll
        stop = done | (iters[active] >= max_iter)
        if stop.any():
            keep = ~stop
            active = active[keep]
            fa = fa[keep]


def cholesky(cov: np.ndarray) -> np.ndarray:
    """Lower Cholesky factors of (..., D, D) covariances, D = 1 or 2 (closed form)."""
    out = np.zeros_like(cov)
    a = np.sqrt(cov[..., 0, 0])
    out[..., 0, 0] = a
    if cov.shape[-1] == 2:
        l10 = cov[..., 1, 0] / a
        out[..., 1, 0] = l10
        out[..., 1, 1] = np.sqrt(np.maximum(cov[..., 1, 1] - l10 * l10, 0.0))
    return out


def sample(gen: np.random.Generator, mix: Mixture, n: int) -> np.ndarray:
    """(R, n, D) points, n from each row's mixture: component counts ~ Multinomial(n, weights)
    per row (one call), then one standard normal vector per point (one call), points grouped
    by component in component order."""
    w = mix.weights / mix.weights.sum(axis=1, keepdims=True)
    r, k = w.shape
    d = mix.dimension
    counts = gen.multinomial(n, w)
    labels = np.repeat(np.tile(np.arange(k), r), counts.ravel()).reshape(r, n)  # rows sum to n
    z = gen.standard_normal((r, n, d))
    idx = labels[..., None]
    x = np.take_along_axis(mix.means, idx, axis=1)  # (R, n, D)
    chol = cholesky(mix.covariances)
    l00 = np.take_along_axis(chol[..., 0, 0], labels, axis=1)
    x[..., 0] += l00 * z[..., 0]
    if d == 2:
        l10 = np.take_along_axis(chol[..., 1, 0], labels, axis=1)
        l11 = np.take_along_axis(chol[..., 1, 1], labels, axis=1)
        x[..., 1] += l10 * z[..., 0] + l11 * z[..., 1]
    return x
