"""Graded Cholesky factors of fitted covariances, singular ones included.

A covariance fitted to points can be exactly singular: with fixed real points reused, a
subsample can hold d or fewer distinct points (copies of the same real points), and then the
covariance has a zero eigenvalue. Computed in float64, that eigenvalue comes out as rounding
noise of either sign (about 1e-17 of the largest here), so its log would be whatever the CPU's
kernels round it to, or a failed Cholesky decomposition.

The rule, shared with the tests' reference loop: a fitted covariance is singular when its
smallest eigenvalue is at most SINGULAR_RATIO times its largest (float64 cannot tell such an
eigenvalue from zero in a covariance formed from points). Its zero eigenvalues are exactly
0: their logs are -inf, so are log det and the log eigenvalue ratio, and KL(fitted || truth) is
+inf (the fitted Gaussian lives on a subspace the truth gives probability 0). The model then
samples on that subspace, and the chain goes on.
"""

from __future__ import annotations

import numpy as np

SINGULAR_RATIO = 1e-12

# A singular covariance always has a Cholesky pivot at rounding level; rows whose smallest
# pivot is below this share of the largest diagonal entry get the eigenvalue test.
_SCREEN = 1e-6


def is_singular(eigenvalues: np.ndarray) -> np.ndarray:
    """Per row of ascending eigenvalues (..., d): the SINGULAR_RATIO rule."""
    return eigenvalues[..., 0] <= SINGULAR_RATIO * eigenvalues[..., -1]


def graded_factor(cov: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(g, lo) with cov = lo diag(exp(2 g)) lo^T, lo unit lower triangular (rows, d, d); g is
    -inf for the directions a singular covariance lacks (that column of lo is the unit one)."""
    cov = 0.5 * (cov + np.swapaxes(cov, 1, 2))
    rows, d = cov.shape[:2]
    c = None
    try:
        c = np.linalg.cholesky(cov)
        diag = np.diagonal(c, axis1=1, axis2=2)
        scale = np.diagonal(cov, axis1=1, axis2=2).max(axis=1)
        suspect = (diag * diag).min(axis=1) <= _SCREEN * scale
    except np.linalg.LinAlgError:
        suspect = np.ones(rows, dtype=bool)
    singular = np.zeros(rows, dtype=bool)
    lam = vec = None
    if suspect.any():
        lam, vec = np.linalg.eigh(cov[suspect])
        singular[suspect] = is_singular(lam)
    g = np.empty((rows, d))
    lo = np.empty((rows, d, d))
    regular = ~singular
    if regular.any():
        cr = c[regular] if c is not None else np.linalg.cholesky(cov[regular])
        dr = np.diagonal(cr, axis1=1, axis2=2)
        g[regular] = np.log(dr)
        lo[regular] = cr / dr[:, None, :]
    if singular.any():
        pick = singular[suspect]
        g[singular], lo[singular] = _semidefinite(lam[pick], vec[pick])
    return g, lo


def _semidefinite(lam: np.ndarray, vec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LDL^T of V diag(lam) V^T with the eigenvalues under the rule set to 0, pivots under
    the same tolerance taken as 0 (in a positive semidefinite matrix the column below a zero
    pivot is zero too, so that column of L is the unit one and the rest goes on unchanged)."""
    k, d = lam.shape
    tol = SINGULAR_RATIO * lam[:, -1]
    kept = np.where(lam > tol[:, None], lam, 0.0)
    s = (vec * kept[:, None, :]) @ np.swapaxes(vec, 1, 2)
    lo = np.broadcast_to(np.eye(d), (k, d, d)).copy()
    piv = np.zeros((k, d))
    for j in range(d):
        p = s[:, j, j]
        live = p > tol
        piv[:, j] = np.where(live, p, 0.0)
        col = np.where(live[:, None], s[:, j + 1 :, j] / np.where(live, p, 1.0)[:, None], 0.0)
        lo[:, j + 1 :, j] = col
        s[:, j + 1 :, j + 1 :] -= col[:, :, None] * s[:, None, j, j + 1 :]
    with np.errstate(divide="ignore"):
        return 0.5 * np.log(piv), lo
