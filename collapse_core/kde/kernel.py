"""Kernel density estimates as arrays: bandwidth rules, the truth, and the grid metrics.

A model is a training set (rows, n) and a bandwidth per row. Everything here works on many
replicates at once; nothing draws random numbers except `sample_truth`.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from collapse_core.kde.config import KDEConfig
from collapse_core.userdata.truth import stored

TAIL_KS = (2, 3)
# Grid metrics: spacing at most h / POINTS_PER_H, padding PAD_H bandwidths beyond the points.
POINTS_PER_H = 4
PAD_H = 6.0
MIN_GRID = 256
MAX_GRID = 16384
# A local maximum of the density counts as a mode only above this fraction of the peak
# (FFT round-off leaves ripples of ~1e-16 of the peak where the density is zero).
MODE_FLOOR = 1e-8


def bandwidth_factor(rule: str, n: int) -> float:
    """scipy.stats.gaussian_kde's factor: h = factor * std(ddof=1) of the n training points."""
    if rule == "scott":
        return float(n) ** -0.2
    if rule == "silverman":
        return (n * 0.75) ** -0.2
    raise ValueError(f"no factor for bandwidth rule {rule!r}")


def bandwidths(cfg: KDEConfig, train: np.ndarray) -> np.ndarray:
    """Bandwidth per row of a (rows, n) training set."""
    rows, n = train.shape
    if cfg.bandwidth_rule == "fixed":
        return np.full(rows, float(cfg.bandwidth))
    return bandwidth_factor(cfg.bandwidth_rule, n) * train.std(axis=1, ddof=1)


def sample_truth(cfg: KDEConfig, gen: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Draws from the truth (the mixture draws its components first, then the normals; a data
    set is resampled with replacement)."""
    if cfg.data:
        return stored(cfg.data).draw(gen, shape)
    if cfg.truth_shape == "mixture":
        side = np.where(gen.random(shape) < 0.5, -0.5, 0.5) * cfg.separation
        return cfg.mu0 + cfg.sigma0 * (side + gen.standard_normal(shape))
    return cfg.mu0 + cfg.sigma0 * gen.standard_normal(shape)


def _truth_centres(cfg: KDEConfig) -> tuple[float, ...]:
    if cfg.truth_shape == "mixture":
        half = 0.5 * cfg.separation * cfg.sigma0
        return (cfg.mu0 - half, cfg.mu0 + half)
    return (float(cfg.mu0),)


def truth_cdf(cfg: KDEConfig, x: np.ndarray) -> np.ndarray:
    if cfg.data:  # the data's empirical CDF, P(X <= x)
        v = np.sort(stored(cfg.data).values)
        return np.searchsorted(v, x, side="right") / v.size
    c = _truth_centres(cfg)
    return sum(special.ndtr((x - m) / cfg.sigma0) for m in c) / len(c)


def truth_density(cfg: KDEConfig, x: np.ndarray) -> np.ndarray:
    if cfg.data:  # the data's histogram (automatic bins) at x: a data set has no smooth density
        dens, edges = np.histogram(stored(cfg.data).values, bins="auto", density=True)
        i = np.searchsorted(edges, x, side="right") - 1
        inside = (i >= 0) & (i < dens.size)
        return np.where(inside, dens[np.clip(i, 0, dens.size - 1)], 0.0)
    c = _truth_centres(cfg)
    return sum(np.exp(-0.5 * ((x - m) / cfg.sigma0) ** 2) for m in c) / (
        len(c) * cfg.sigma0 * np.sqrt(2 * np.pi)
    )


class TruthQuantile:
    """The truth's quantile function: exact for the normal, a fine table for the mixture."""

    def __init__(self, cfg: KDEConfig):
        self.cfg = cfg
        if cfg.truth_shape == "mixture":
            half = 0.5 * cfg.separation * cfg.sigma0
            self.x = np.linspace(cfg.mu0 - half - 12 * cfg.sigma0, cfg.mu0 + half + 12 * cfg.sigma0, 40001)
            self.p = truth_cdf(cfg, self.x)

    def __call__(self, u: np.ndarray) -> np.ndarray:
        u = np.clip(u, 1e-300, 1.0 - 1e-16)
        if self.cfg.data:  # the data's quantile function: the ceil(u n)-th smallest value
            v = np.sort(stored(self.cfg.data).values)
            return v[np.clip(np.ceil(u * v.size).astype(np.int64) - 1, 0, v.size - 1)]
        if self.cfg.truth_shape == "normal":
            return self.cfg.mu0 + self.cfg.sigma0 * special.ndtri(u)
        return np.interp(u, self.p, self.x)


def tail_threshold(cfg: KDEConfig, k: float) -> float:
    """Distance from mu0 beyond which a value counts as a k-sd tail event (sd of the truth)."""
    return k * cfg.truth_sd


def truth_tail_mass(cfg: KDEConfig, k: float) -> float:
    """P(|X - mu0| > k sd) under the truth."""
    a = tail_threshold(cfg, k)
    if cfg.data:  # the data's own share that far out; NaN where no value lies that far
        v = stored(cfg.data).values
        share = float(np.mean(np.abs(v - cfg.mu0) > a))
        return share if share > 0 else float("nan")
    return float(1.0 - truth_cdf(cfg, np.array(cfg.mu0 + a)) + truth_cdf(cfg, np.array(cfg.mu0 - a)))


def tail_mass(cfg: KDEConfig, train: np.ndarray, h: np.ndarray, k: float) -> np.ndarray:
    """P(|X - mu0| > k sd) under each row's KDE, exactly: the mean over the points of the
    normal tail probabilities of their kernels."""
    a = tail_threshold(cfg, k)
    hh = h[:, None]
    upper = special.ndtr((train - (cfg.mu0 + a)) / hh)
    lower = special.ndtr((cfg.mu0 - a - train) / hh)
    return (upper + lower).mean(axis=1)


def density(points: np.ndarray, h: float, x: np.ndarray) -> np.ndarray:
    """Exact KDE density of one training set at x (direct sum; for pictures and tests)."""
    pts = np.asarray(points, dtype=float)
    pts = pts[np.isfinite(pts)]
    z = (np.asarray(x, dtype=float)[:, None] - pts[None, :]) / h
    return np.exp(-0.5 * z * z).sum(axis=1) / (pts.size * h * np.sqrt(2 * np.pi))


def grid_size(train: np.ndarray, h: np.ndarray) -> int:
    """Points of the common grid size: spacing at most h / POINTS_PER_H on every row, as a
    power of two from MIN_GRID to MAX_GRID (above the cap the spacing is coarser)."""
    span = (train.max(axis=1) - train.min(axis=1)) / h + 2 * PAD_H
    need = int(np.ceil(POINTS_PER_H * float(np.max(span)))) + 1
    return int(min(MAX_GRID, max(MIN_GRID, 1 << (need - 1).bit_length())))


def grid_density(train: np.ndarray, h: np.ndarray, nx: int | None = None):
    """Each row's KDE on its own grid of nx points over [min - 6h, max + 6h].

    Linear binning of the points on the grid, then the Gaussian kernel applied in Fourier
    space (the 6h margins keep what wraps around below e^-18 of a kernel's peak, at the
    far edges only). The binning error is of order
    (spacing / h)^2 / 12 of the kernel variance, below 0.6% with spacing <= h / 4.
    Returns (x0 (rows,), dx (rows,), density (rows, nx)).
    """
    rows, n = train.shape
    nx = grid_size(train, h) if nx is None else nx
    x0 = train.min(axis=1) - PAD_H * h
    dx = (train.max(axis=1) + PAD_H * h - x0) / (nx - 1)
    pos = (train - x0[:, None]) / dx[:, None]
    i = np.clip(np.floor(pos).astype(np.int64), 0, nx - 2)
    w = pos - i
    flat = i + (np.arange(rows) * nx)[:, None]
    counts = np.bincount(flat.ravel(), weights=(1.0 - w).ravel(), minlength=rows * nx)
    counts += np.bincount((flat + 1).ravel(), weights=w.ravel(), minlength=rows * nx)
    counts = counts.reshape(rows, nx)
    size = nx  # the 6h padding keeps circular wrap-around below e^-18 of a kernel's peak
    freq = np.fft.rfftfreq(size)
    s = (h / dx)[:, None]  # kernel sd in grid steps
    kernel = np.exp(-2.0 * np.pi**2 * (s * freq[None, :]) ** 2)
    dens = np.fft.irfft(np.fft.rfft(counts, size, axis=1) * kernel, size, axis=1)[:, :nx]
    dens = np.maximum(dens, 0.0) / (n * dx[:, None])
    return x0, dx, dens


def count_modes(dens: np.ndarray) -> np.ndarray:
    """Local maxima of each row's gridded density above MODE_FLOOR of its peak."""
    floor = MODE_FLOOR * dens.max(axis=1, keepdims=True)
    mid = dens[:, 1:-1]
    peak = (mid > dens[:, :-2]) & (mid >= dens[:, 2:]) & (mid > floor)
    return peak.sum(axis=1)


# W2 nodes: u = Phi(z) on a uniform z grid, trapezoid weights phi(z) dz (normalised).
_Z = np.linspace(-8.0, 8.0, 161)
_WZ = np.exp(-0.5 * _Z**2)
_WZ[[0, -1]] *= 0.5
_WZ /= _WZ.sum()
_U = special.ndtr(_Z)


def truth_nodes(cfg: KDEConfig) -> np.ndarray:
    """The truth's quantiles at the W2 nodes (computed once per run)."""
    return TruthQuantile(cfg)(_U)


def wasserstein2(x0, dx, dens, truth_q: np.ndarray) -> np.ndarray:
    """W2 between each row's KDE and the truth: W2^2 = integral_0^1 (Q_kde(u) - Q_truth(u))^2 du,
    with u = Phi(z) on 161 z nodes in [-8, 8] (trapezoid in z) and Q_kde by linear
    interpolation of the gridded CDF (so there is no inverse-normal call per grid point)."""
    rows, nx = dens.shape
    mass = dens * dx[:, None]
    mass = mass / mass.sum(axis=1, keepdims=True)
    cdf = np.cumsum(mass, axis=1) - 0.5 * mass
    offset = 2.0 * np.arange(rows)[:, None]
    keys = (cdf + offset).ravel()
    i = np.searchsorted(keys, (_U[None, :] + offset).ravel()).reshape(rows, _U.size)
    i = np.clip(i - (np.arange(rows) * nx)[:, None], 1, nx - 1)
    f_lo = np.take_along_axis(cdf, i - 1, axis=1)
    f_hi = np.take_along_axis(cdf, i, axis=1)
    step = f_hi - f_lo
    frac = np.clip(np.divide(_U[None, :] - f_lo, step, out=np.zeros_like(step), where=step > 0), 0.0, 1.0)
    q = x0[:, None] + dx[:, None] * (i - 1 + frac)
    return np.sqrt(np.sum(_WZ * (q - truth_q[None, :]) ** 2, axis=1))


def truth_modes(cfg: KDEConfig) -> int:
    """Modes of the truth: 1, or 2 for a mixture whose components are more than 2 sd apart; for
    a data set, the modes of its own Silverman KDE (what generation 1 would see in all of it)."""
    if cfg.data:
        v = stored(cfg.data).values[None, :]
        h = np.array([bandwidth_factor("silverman", v.shape[1]) * float(v.std(ddof=1))])
        return int(count_modes(grid_density(v, h)[2])[0])
    if cfg.truth_shape == "normal":
        return 1
    half = 0.5 * cfg.separation * cfg.sigma0
    x = np.linspace(cfg.mu0 - half - 6 * cfg.sigma0, cfg.mu0 + half + 6 * cfg.sigma0, 4001)
    return int(count_modes(truth_density(cfg, x)[None, :])[0])
