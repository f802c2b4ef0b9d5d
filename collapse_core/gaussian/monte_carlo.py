"""Monte Carlo engine: draws every one of the M points, vectorised across replicates.

Points are drawn as standard normals and their group statistics scaled afterwards
(mean m + s * zbar, sum of squares v * Qz): the same numbers as drawing m + s * z, without
a pass over the points to transform them. Memory is bounded by drawing at most
`chunk_elements` points per numpy call; each block of replicates draws from its own stream
in a fixed order, so the chunk size never changes a result.
accumulate-subsample keeps the actual points, since later subsamples reuse them.
"""

from __future__ import annotations

import numpy as np

from collapse_core import cancel
from collapse_core.gaussian.config import GaussianConfig
from collapse_core.gaussian.correction import affine, correct_group
from collapse_core.gaussian.pooling import ChainState, Group
from collapse_core.gaussian.verification import truncated_standard, verified_group, window
from collapse_core.gaussian.weighting import real_weight
from collapse_core.streams import block_generators, block_slices

_CHUNK_ELEMENTS = 1 << 20
_TINY = np.finfo(float).tiny
# Pool and stamp bytes per row group of accumulate-subsample: bounds the stamp workspace
# (at most half of this); larger groups pay less Python overhead per row (measured).
_SUBSET_GROUP_BYTES = 1 << 26


def _standard_stats(gen: np.random.Generator, rows: int, n: int, chunk: int):
    """Mean and centred sum of squares of `rows` x `n` standard normals, drawn row-major."""
    total = np.zeros(rows)
    total_sq = np.zeros(rows)
    if n <= chunk:
        per = max(1, chunk // n)
        for r0 in range(0, rows, per):
            z = gen.standard_normal((min(per, rows - r0), n))
            total[r0 : r0 + len(z)] = z.sum(axis=1)
            total_sq[r0 : r0 + len(z)] = np.einsum("ij,ij->i", z, z)
    else:
        # One row is larger than a chunk: split it into consecutive pieces (same stream order).
        for r0 in range(rows):
            for c0 in range(0, n, chunk):
                z = gen.standard_normal(min(chunk, n - c0))
                total[r0] += z.sum()
                total_sq[r0] += z @ z
    zbar = total / n
    # For standard normals sum(z^2) - n zbar^2 loses no precision worth having.
    return zbar, np.maximum(total_sq - n * zbar * zbar, 0.0)


class SubsetPicker:
    """Uniformly random k-subsets of range(n), per row, drawn without sorting.

    Draw k indices with replacement and keep the distinct ones; redraw as many as are missing,
    keeping the new ones not already held; repeat until k are held. Every step treats all
    indices alike, so the subset is uniform over the k-subsets. Membership is kept in a
    workspace of stamps (row-major, `stride` per row): an index is held by the current pick
    when its stamp is at least the pick's first stamp, so the workspace is never cleared.
    Expected cost O(k) per row when k <= n / 2 (and O(k) rounds of at most n / (n - k) draws
    each in general).
    """

    def __init__(self, rows: int, stride: int):
        self.stride = stride
        self.mark = np.full(rows * stride, -1, dtype=np.int64)
        self.next = 0

    def pick_flat(self, gen: np.random.Generator, rows: int, n: int, k: int) -> np.ndarray:
        """(rows, k) flat positions row * stride + index, the indices distinct in range(n) per row
        (n <= stride, rows <= the workspace's rows)."""
        mark = self.mark
        base = self.next
        out = (np.arange(rows) * self.stride)[:, None] + gen.integers(0, n, (rows, k))
        flat = out.reshape(-1)
        stamps = np.arange(base, base + flat.size)
        self.next += flat.size
        mark[flat] = stamps  # of repeated indices one stamp stays: that copy is kept
        pending = np.flatnonzero(mark[flat] != stamps)
        while pending.size:  # redraw the repeats, keeping new indices not already held
            f = pending // k * self.stride + gen.integers(0, n, pending.size)
            held = mark[f] >= base
            stamps = np.arange(self.next, self.next + f.size)
            self.next += f.size
            mark[f] = stamps
            ok = mark[f] == stamps
            ok &= ~held
            flat[pending[ok]] = f[ok]
            pending = pending[~ok]
        return out

    def pick(self, gen: np.random.Generator, rows: int, n: int, k: int) -> np.ndarray:
        """(rows, k) distinct indices in range(n) per row."""
        return self.pick_flat(gen, rows, n, k) % self.stride


def distinct_indices(gen: np.random.Generator, rows: int, n: int, k: int) -> np.ndarray:
    """Per row, k distinct indices from range(n), a uniformly random k-subset (SubsetPicker)."""
    return SubsetPicker(rows, n).pick(gen, rows, n, k)


def run(cfg: GaussianConfig, seed: int, chunk_elements: int = _CHUNK_ELEMENTS, truth=None):
    """Return (mean, log_variance), each of shape (R, G + 1); column 0 is the truth.

    `truth` (an EmpiricalTruth, or None for N(mu0, sigma0^2)): every real point and generation
    1's whole training set are drawn from it, with replacement; cfg's mu0 and sigma0 must then
    be its mean and standard deviation.
    """
    r, g = cfg.replicates, cfg.generations
    mean = np.empty((r, g + 1))
    logv = np.empty((r, g + 1))
    mean[:, 0] = cfg.mu0
    logv[:, 0] = 2.0 * np.log(cfg.sigma0)
    for sl, (gen,) in zip(block_slices(r), block_generators(seed, r, 1), strict=True):
        if cfg.regime == "accumulate-subsample":
            _run_subsample(cfg, gen, mean[sl], logv[sl], truth)
        elif cfg.regime == "replace" and cfg.n_real == 0 and not cfg.correction and not cfg.verifier_width:
            _run_pure_replace(cfg, gen, chunk_elements, mean[sl], logv[sl], truth)
        else:
            _run_pooled(cfg, gen, chunk_elements, mean[sl], logv[sl], truth)
    return mean, logv


def _data_group(truth, gen, rows, n, chunk=_CHUNK_ELEMENTS) -> Group:
    """n points per row resampled from the data: their count, means and centred sums of squares.

    At most `chunk` points are held at once; sums are taken about the data's mean, so the
    shift loses no precision worth having for data of any location.
    """
    c = float(truth.mean)
    total = np.zeros(rows)
    total_sq = np.zeros(rows)
    per = max(1, chunk // n)
    for r0 in range(0, rows, per):
        r1 = min(rows, r0 + per)
        for c0 in range(0, n, chunk):
            d = truth.draw(gen, (r1 - r0, min(chunk, n - c0))) - c
            total[r0:r1] += d.sum(axis=1)
            total_sq[r0:r1] += np.einsum("ij,ij->i", d, d)
    dbar = total / n
    return Group(n, c + dbar, np.maximum(total_sq - n * dbar * dbar, 0.0))


def _run_pure_replace(cfg, gen, chunk, mean, logv, truth=None) -> None:
    """Only synthetic data: carry log-variance so tiny variances stay positive."""
    rows, m_size, k = mean.shape[0], cfg.sample_size, cfg.sample_size - cfg.ddof
    for t in range(cfg.generations):
        cancel.check()
        if t == 0 and truth is not None:  # generation 1 is fitted on a resample of the data
            first = _data_group(truth, gen, rows, m_size, chunk)
            mean[:, 1] = first.mean
            logv[:, 1] = np.log(np.maximum(first.q / k, _TINY))
            continue
        zbar, qz = _standard_stats(gen, rows, m_size, chunk)
        sd = np.exp(0.5 * logv[:, t])
        mean[:, t + 1] = mean[:, t] + sd * zbar
        logv[:, t + 1] = logv[:, t] + np.log(np.maximum(qz, _TINY) / k)


def _real_group(cfg, gen, rows, chunk, truth=None) -> Group:
    if truth is not None:
        return _data_group(truth, gen, rows, cfg.n_real, chunk)
    zbar, qz = _standard_stats(gen, rows, cfg.n_real, chunk)
    return Group(cfg.n_real, cfg.mu0 + cfg.sigma0 * zbar, cfg.sigma0**2 * qz)


def _run_pooled(cfg, gen, chunk, mean, logv, truth=None) -> None:
    rows, n_r, n_s = mean.shape[0], cfg.n_real, cfg.n_syn
    state = ChainState(cfg.mu0, cfg.sigma0, rows, cfg.ddof, cfg.regime == "accumulate", real_weight(cfg))
    fixed = None
    for t in range(cfg.generations):
        cancel.check()
        # Stream order each generation: real points first, then synthetic ones.
        real = None
        if n_r:
            if fixed is None:
                real = _real_group(cfg, gen, rows, chunk, truth)
                if cfg.real_source == "fixed":
                    fixed = real
            else:
                real = fixed
        syn = None
        if n_s and t == 0 and truth is not None:  # generation 0's model is the data itself
            syn = _data_group(truth, gen, rows, n_s, chunk)
        elif n_s:
            if cfg.verifier_width:
                syn = verified_group(Group, gen, cfg, state.mean, state.var, n_s, chunk)
            else:
                zbar, qz = _standard_stats(gen, rows, n_s, chunk)
                syn = Group(n_s, state.mean + np.sqrt(state.var) * zbar, state.var * qz)
            if cfg.correction:
                syn = correct_group(syn, state.mean, state.var, cfg.mu0, cfg.sigma0, cfg.correction)
        state.advance(real, syn)
        mean[:, t + 1] = state.mean
        logv[:, t + 1] = np.log(np.maximum(state.var, _TINY))


def _run_subsample(cfg, gen, mean, logv, truth=None) -> None:
    """Keep every point; each model is fitted on M points drawn without replacement.

    Stream order per generation: the block's real points, its synthetic points, then the
    subsets, row group by row group (a fixed number of rows, so the order never depends on
    anything but the block). Groups keep the random gathers within a cache-sized part of
    the pool.
    """
    rows, m_size, n_r, n_s = mean.shape[0], cfg.sample_size, cfg.n_real, cfg.n_syn
    cap = m_size * cfg.generations
    pool = np.empty((rows, cap))
    group = max(1, min(rows, _SUBSET_GROUP_BYTES // (16 * cap)))
    picker = SubsetPicker(group, cap)
    fixed = None
    m, v = mean[:, 0].copy(), np.exp(logv[:, 0])
    q = np.empty(rows)
    for t in range(cfg.generations):
        cancel.check()
        if fixed is None:
            if truth is not None:
                real = truth.draw(gen, (rows, n_r))
            else:
                real = cfg.mu0 + cfg.sigma0 * gen.standard_normal((rows, n_r))
            if cfg.real_source == "fixed":
                fixed = real
        else:
            real = fixed
        if t == 0 and truth is not None:
            syn = truth.draw(gen, (rows, n_s))
        else:
            if cfg.verifier_width:
                syn = truncated_standard(gen, *window(cfg, m, np.sqrt(v)), n_s)
            else:
                syn = gen.standard_normal((rows, n_s))
            syn *= np.sqrt(v)[:, None]
            syn += m[:, None]
            if cfg.correction:
                a, b = affine(m, v, cfg.mu0, cfg.sigma0, cfg.correction)
                syn *= b[:, None]
                syn += a[:, None]
        size = m_size * (t + 1)
        pool[:, size - m_size : size - m_size + n_r] = real
        pool[:, size - n_s : size] = syn
        if t == 0:
            _fit(pool[:, :m_size], m, q)
        else:
            for g0 in range(0, rows, group):
                g1 = min(g0 + group, rows)
                flat = picker.pick_flat(gen, g1 - g0, size, m_size)
                _fit(pool[g0:g1].reshape(-1)[flat], m[g0:g1], q[g0:g1])
        v = np.maximum(q / (m_size - cfg.ddof), _TINY)
        mean[:, t + 1] = m
        logv[:, t + 1] = np.log(v)


def _fit(train: np.ndarray, m: np.ndarray, q: np.ndarray) -> None:
    """Row means into m and centred sums of squares into q."""
    m[:] = train.sum(axis=1) / train.shape[1]
    d = train - m[:, None]
    q[:] = np.einsum("ij,ij->i", d, d)
