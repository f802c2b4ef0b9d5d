"""Monte Carlo engine of the KDE chain, vectorised across replicates.

The model is its training set: each block of replicates keeps its (rows, n) points and a
bandwidth per row. Sampling from a KDE = pick training points uniformly (with replacement)
and add N(0, h^2) noise. Every metric is computed while the chain runs, since the training
sets are not kept.

Stream order in each generation (one Generator per block of 256 replicates): real points
(fresh each generation, or once for a fixed real set), then the synthetic points' indices,
then their kernel noise, then (accumulate-subsample) the subset drawn from the pool.
Generation 1's synthetic points are drawn from the truth (the model of generation 0).
"""

from __future__ import annotations

import numpy as np

from collapse_core.gaussian.monte_carlo import distinct_indices
from collapse_core.kde import kernel
from collapse_core.kde.config import KDEConfig
from collapse_core.streams import block_generators, block_slices

STORED = (
    "mean",
    "variance",
    "bandwidth",
    *(f"tail_mass_{k}sd" for k in kernel.TAIL_KS),
    "wasserstein2",
    "modes",
)


class Snapshots:
    """Training points and bandwidths of the first few replicates at chosen generations."""

    def __init__(self, cfg: KDEConfig, generations: tuple[int, ...], replicates: int):
        self.index = {t: i for i, t in enumerate(generations)}
        self.replicates = replicates
        width = cfg.sample_size * (1 if cfg.regime != "accumulate" else max(max(generations, default=1), 1))
        self.points = np.full((len(generations), replicates, width), np.nan)
        self.bandwidth = np.full((len(generations), replicates), np.nan)

    def take(self, t: int, row0: int, train: np.ndarray, h: np.ndarray) -> None:
        i = self.index.get(t)
        if i is None or row0 >= self.replicates:
            return
        k = min(self.replicates - row0, train.shape[0])
        self.points[i, row0 : row0 + k, : train.shape[1]] = train[:k]
        self.bandwidth[i, row0 : row0 + k] = h[:k]


def _record(cfg, out, rows, t, train, h, quantile):
    out["mean"][rows, t] = train.mean(axis=1)
    out["variance"][rows, t] = train.var(axis=1) + h * h
    out["bandwidth"][rows, t] = h
    for k in kernel.TAIL_KS:
        out[f"tail_mass_{k}sd"][rows, t] = kernel.tail_mass(cfg, train, h, k)
    x0, dx, dens = kernel.grid_density(train, h)
    out["wasserstein2"][rows, t] = kernel.wasserstein2(x0, dx, dens, quantile)
    out["modes"][rows, t] = kernel.count_modes(dens)


def run(cfg: KDEConfig, seed: int, snapshots: Snapshots | None = None) -> dict[str, np.ndarray]:
    """Stored metric arrays, each (R, G + 1); column 0 is the truth."""
    r, g = cfg.replicates, cfg.generations
    out = {name: np.empty((r, g + 1)) for name in STORED}
    out["mean"][:, 0] = cfg.mu0
    out["variance"][:, 0] = cfg.truth_variance
    out["bandwidth"][:, 0] = np.nan  # the truth is not a KDE
    for k in kernel.TAIL_KS:
        out[f"tail_mass_{k}sd"][:, 0] = kernel.truth_tail_mass(cfg, k)
    out["wasserstein2"][:, 0] = 0.0
    out["modes"][:, 0] = kernel.truth_modes(cfg)
    quantile = kernel.truth_nodes(cfg)
    for sl, (gen,) in zip(block_slices(r), block_generators(seed, r, 1), strict=True):
        _run_block(cfg, gen, sl, out, quantile, snapshots)
    return out


def _run_block(cfg, gen, sl, out, quantile, snapshots) -> None:
    rows = sl.stop - sl.start
    m_size, n_r, n_s = cfg.sample_size, cfg.n_real, cfg.n_syn
    keep_pool = cfg.regime != "replace"
    pool = np.empty((rows, m_size * cfg.generations)) if keep_pool else None
    fixed = None
    train, h = None, None
    for t in range(cfg.generations):
        if fixed is None:
            real = kernel.sample_truth(cfg, gen, (rows, n_r))
            if cfg.real_source == "fixed":
                fixed = real
        else:
            real = fixed
        if train is None:  # generation 0's model is the truth
            syn = kernel.sample_truth(cfg, gen, (rows, n_s))
        else:
            idx = gen.integers(0, train.shape[1], (rows, n_s))
            syn = np.take_along_axis(train, idx, axis=1) + h[:, None] * gen.standard_normal((rows, n_s))
        batch = np.concatenate([real, syn], axis=1)
        if not keep_pool:
            train = batch
        else:
            size = m_size * (t + 1)
            pool[:, size - m_size : size] = batch
            if cfg.regime == "accumulate":
                train = pool[:, :size]
            elif t == 0:
                train = batch
            else:
                pick = distinct_indices(gen, rows, size, m_size)
                train = np.take_along_axis(pool[:, :size], pick, axis=1)
        h = kernel.bandwidths(cfg, train)
        _record(cfg, out, sl, t + 1, train, h, quantile)
        if snapshots is not None:
            snapshots.take(t + 1, sl.start, train, h)
