"""Monte Carlo engine of the regression chain, vectorised across replicates.

Each generation and block of replicates draws the design X (rows, T, d) and the noise, then
solves the normal equations (X^T X) w = X^T y for every replicate at once (np.linalg.solve on
(rows, d, d)). accumulate keeps only the running sums sum X^T X and sum X^T y (exactly the
least-squares fit on every row so far); accumulate-subsample keeps every row.

Stream order in each generation (one Generator per block of 256 replicates): the real rows'
design and noise (fresh each generation, or once for a fixed real set), then the synthetic
rows' design and noise, then (accumulate-subsample) the subset drawn from the pool.
Generation 1's synthetic rows are labelled by w* (generation 0's model is the truth).
"""

from __future__ import annotations

import numpy as np

from collapse_core.gaussian.monte_carlo import distinct_indices
from collapse_core.regression import groups
from collapse_core.regression.config import RegressionConfig
from collapse_core.streams import block_generators, block_slices


def _rows(cfg, gen, rows, n, w):
    """n rows per replicate labelled by w (d,) or (rows, d): (X (rows, n, d), y (rows, n))."""
    x = gen.standard_normal((rows, n, cfg.dimension))
    eps = cfg.noise * gen.standard_normal((rows, n))
    if np.ndim(w) == 1:
        return x, x @ w + eps
    return x, (x @ w[:, :, None])[:, :, 0] + eps


# X^T X is singular when a subsample holds copies of the same fixed real rows (fewer than d
# distinct ones); in float64 its zero eigenvalue is rounding noise of either sign. Rule: an
# eigenvalue at most SINGULAR_RATIO of the largest is 0, and the fit is the minimum-norm least-
# squares solution (what np.linalg.lstsq gives on the rows themselves).
SINGULAR_RATIO = 1e-12
# A singular X^T X always has a Cholesky pivot at rounding level: only rows with a pivot below
# this share of the largest diagonal entry get the eigenvalue test.
_SCREEN = 1e-6


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """w with (X^T X) w = X^T y per row; minimum-norm where X^T X is singular (see above)."""
    try:
        diag = np.diagonal(np.linalg.cholesky(a), axis1=1, axis2=2)
        suspect = (diag * diag).min(axis=1) <= _SCREEN * np.diagonal(a, axis1=1, axis2=2).max(axis=1)
    except np.linalg.LinAlgError:
        suspect = np.ones(a.shape[0], dtype=bool)
    if not suspect.any():
        return np.linalg.solve(a, b[..., None])[..., 0]
    out = np.empty(b.shape)
    lam, vec = np.linalg.eigh(a[suspect])
    keep = lam > SINGULAR_RATIO * lam[:, -1:]
    inv = np.where(keep, 1.0 / np.where(keep, lam, 1.0), 0.0)
    coef = inv * np.einsum("rji,rj->ri", vec, b[suspect])
    out[suspect] = np.einsum("rij,rj->ri", vec, coef)
    if (~suspect).any():
        out[~suspect] = np.linalg.solve(a[~suspect], b[~suspect][..., None])[..., 0]
    return out


def run(cfg: RegressionConfig, seed: int) -> dict[str, np.ndarray]:
    """{"sq_error": ||w_t - w*||^2, "projection": (w_t - w*) . u}, each (R, G + 1), with
    u = (1, ..., 1)/sqrt(d) the direction of w*; generation 0 is w* itself (zeros)."""
    r, g = cfg.replicates, cfg.generations
    out = {"sq_error": np.zeros((r, g + 1)), "projection": np.zeros((r, g + 1))}
    if groups.active(cfg):
        out["gap_projection"] = np.zeros((r, g + 1))  # (w_t - w*) . v, see groups.py
    for sl, (gen,) in zip(block_slices(r), block_generators(seed, r, 1), strict=True):
        gp = out["gap_projection"][sl] if "gap_projection" in out else None
        _run_block(cfg, gen, out["sq_error"][sl], out["projection"][sl], gp)
    return out


def _run_block(cfg, gen, sq, proj, gap_proj=None) -> None:
    rows, d, t_size, n_r, n_s = sq.shape[0], cfg.dimension, cfg.sample_size, cfg.n_real, cfg.n_syn
    unit = np.full(d, 1.0 / np.sqrt(d))
    w_star = cfg.w_star
    w = np.broadcast_to(w_star, (rows, d)).copy()
    fixed = None
    sxx = np.zeros((rows, d, d))
    sxy = np.zeros((rows, d))
    pool_x = pool_y = None
    if cfg.regime == "accumulate-subsample":
        pool_x = np.empty((rows, t_size * cfg.generations, d))
        pool_y = np.empty((rows, t_size * cfg.generations))
    for t in range(cfg.generations):
        if fixed is None:
            real = _rows(cfg, gen, rows, n_r, w_star)
            if gap_proj is not None:
                real = (real[0], groups.relabel(cfg, gen, *real))
            if cfg.real_source == "fixed":
                fixed = real
        else:
            real = fixed
        syn = _rows(cfg, gen, rows, n_s, w)
        if gap_proj is not None and t == 0:  # generation 1's rows are drawn from the truth: two groups
            syn = (syn[0], groups.relabel(cfg, gen, *syn))
        x = np.concatenate([real[0], syn[0]], axis=1)
        y = np.concatenate([real[1], syn[1]], axis=1)
        if cfg.regime == "accumulate-subsample":
            size = t_size * (t + 1)
            pool_x[:, size - t_size : size] = x
            pool_y[:, size - t_size : size] = y
            if t > 0:
                pick = distinct_indices(gen, rows, size, t_size)
                x = np.take_along_axis(pool_x[:, :size], pick[:, :, None], axis=1)
                y = np.take_along_axis(pool_y[:, :size], pick, axis=1)
        xt = x.swapaxes(1, 2)
        a = xt @ x  # batched BLAS: several times faster than einsum here
        b = (xt @ y[:, :, None])[:, :, 0]
        if cfg.regime == "accumulate":
            sxx += a
            sxy += b
            a, b = sxx, sxy
        w = _solve(a, b)
        e = w - w_star
        sq[:, t + 1] = np.einsum("rd,rd->r", e, e)
        proj[:, t + 1] = e @ unit
        if gap_proj is not None:
            gap_proj[:, t + 1] = e @ groups.gap_direction(d)
