"""Verification: only the synthetic points a verifier accepts are trained on.

Feng et al. (2024, "Beyond model collapse: scaling up with synthesized data requires
verification") and Yi et al. (ICLR 2026): a verifier with its own "knowledge centre" accepts a
synthetic point x when |x - c| <= tau sigma0, with c = mu0 + delta sigma0 (delta = 0: a verifier
centred on the truth; delta != 0: a biased one). Drawing until M points are accepted is drawing
M points from the model truncated to that window, which is how they are drawn here (inverse CDF,
in the lower tail where the window lies above the model's mean, so far windows keep precision).

The fitted model then follows the truncated moments. For M -> infinity the chain is the
deterministic map (mu, sigma) -> (mean, sd of N(mu, sigma^2) truncated to the window), drawn as
the large-sample path; a biased verifier pulls the mean toward c, so the error plateaus at the
verifier's own offset delta instead of going to zero.
"""

from __future__ import annotations

import numpy as np
from scipy import special

_TINY = np.finfo(float).tiny


def active(cfg) -> bool:
    return cfg.verifier_width > 0


def window(cfg, mean, sd):
    """The acceptance window in units of each model: (lo, hi) = ((c -/+ tau sigma0) - mean) / sd."""
    centre = cfg.mu0 + cfg.verifier_centre * cfg.sigma0
    half = cfg.verifier_width * cfg.sigma0
    return (centre - half - mean) / sd, (centre + half - mean) / sd


def truncated_standard(gen: np.random.Generator, lo: np.ndarray, hi: np.ndarray, n: int) -> np.ndarray:
    """(rows, n) standard normals truncated to [lo, hi] per row."""
    flip = lo > 0  # the whole window above 0: draw its mirror image, where ndtr is accurate
    a, b = np.where(flip, -hi, lo), np.where(flip, -lo, hi)
    pa, pb = special.ndtr(a), special.ndtr(b)
    u = gen.random((lo.size, n))
    x = special.ndtri(pa[:, None] + u * (pb - pa)[:, None])
    np.clip(x, a[:, None], b[:, None], out=x)
    return np.where(flip[:, None], -x, x)


def truncated_stats(gen, lo, hi, n: int, chunk: int):
    """Mean and centred sum of squares of n truncated standard normals per row (rows of lo),
    drawn row block by row block (or a row in pieces) so at most `chunk` points are held."""
    rows = lo.size
    ref = np.clip(0.0, lo, hi)  # sums are taken about a point inside the window: no cancellation
    total, total_sq = np.zeros(rows), np.zeros(rows)
    if n <= chunk:
        per = max(1, chunk // n)
        for r0 in range(0, rows, per):
            sl = slice(r0, min(rows, r0 + per))
            d = truncated_standard(gen, lo[sl], hi[sl], n) - ref[sl, None]
            total[sl] = d.sum(axis=1)
            total_sq[sl] = np.einsum("ij,ij->i", d, d)
    else:
        for r in range(rows):
            for c0 in range(0, n, chunk):
                d = truncated_standard(gen, lo[r : r + 1], hi[r : r + 1], min(chunk, n - c0))[0] - ref[r]
                total[r] += d.sum()
                total_sq[r] += d @ d
    dbar = total / n
    return ref + dbar, np.maximum(total_sq - n * dbar * dbar, 0.0)


def verified_group(group_cls, gen, cfg, mean, var, n: int, chunk: int):
    """A Group of n accepted points drawn from the models (mean, var) per replicate."""
    sd = np.sqrt(np.maximum(var, _TINY))
    lo, hi = window(cfg, mean, sd)
    zbar, qz = truncated_stats(gen, lo, hi, n, chunk)
    return group_cls(n, mean + sd * zbar, var * qz)


def covered(cfg) -> bool:
    """Where the large-sample path applies: replace, no real data, no other remedy."""
    return cfg.regime == "replace" and cfg.n_real == 0 and not cfg.correction and cfg.weighting == "pool"


def large_sample_path(cfg) -> dict[str, np.ndarray]:
    """The M -> infinity chain in units of the truth: variance ratio and mean drift (signed)."""
    g = cfg.generations
    mean, var = np.empty(g + 1), np.empty(g + 1)
    mean[0], var[0] = 0.0, 1.0
    unit = type(cfg)(**{**_fields(cfg), "mu0": 0.0, "sigma0": 1.0})
    for t in range(g):
        sd = np.sqrt(max(var[t], _TINY))
        lo, hi = window(unit, mean[t], sd)
        flip = lo > 0
        a, b = (-hi, -lo) if flip else (lo, hi)
        z = special.ndtr(b) - special.ndtr(a)
        pa, pb = np.exp(-0.5 * a * a) / np.sqrt(2 * np.pi), np.exp(-0.5 * b * b) / np.sqrt(2 * np.pi)
        m1 = (pa - pb) / z
        m2 = 1.0 + (a * pa - b * pb) / z - m1 * m1
        mean[t + 1] = mean[t] + sd * (-m1 if flip else m1)
        var[t + 1] = var[t] * max(m2, 0.0)
    return {"variance_ratio": var, "mean_drift": mean}


def _fields(cfg) -> dict:
    return {k: v for k, v in cfg.asdict().items() if k != "family"}
