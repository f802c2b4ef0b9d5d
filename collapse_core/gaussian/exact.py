"""Exact engine: draws each generation's fitted statistics from their sampling distributions.

For n points from N(m, v): the sample mean is N(m, v/n) and the centred sum of squares is
v * chi2(n - 1), independent of the mean. Real and synthetic parts, and the pool under
accumulation, merge exactly (pooling.merge). Nothing here grows with the sample size M.
"""

from __future__ import annotations

import numpy as np

from collapse_core import cancel
from collapse_core.gaussian.config import GaussianConfig
from collapse_core.gaussian.correction import correct_group
from collapse_core.gaussian.pooling import ChainState, Group
from collapse_core.gaussian.weighting import real_weight
from collapse_core.streams import block_generators, block_slices

# Streams per block: syn mean, syn sum of squares, real mean, real sum of squares.
_KINDS = 4
_CHUNK_CELLS = 1 << 20  # generations x replicates per drawn chunk (8 MB a kind)


def covers(cfg: GaussianConfig) -> bool:
    # A verifier truncates the synthetic sample: its statistics have no sampling law to draw from.
    return cfg.regime in ("replace", "accumulate") and not cfg.verifier_width


def _chi2(gen: np.random.Generator, df: int, shape: tuple[int, ...]) -> np.ndarray:
    # A group of one point has a sum of squares of exactly zero.
    return gen.chisquare(df, shape) if df > 0 else np.zeros(shape)


class _Draws:
    """Generation-major draws of one kind, concatenated across replicate blocks."""

    def __init__(self, cfg: GaussianConfig, seed: int):
        self.slices = block_slices(cfg.replicates)
        self.gens = block_generators(seed, cfg.replicates, _KINDS)
        self.r = cfg.replicates

    def normal(self, kind: int, rows: int) -> np.ndarray:
        out = np.empty((rows, self.r))
        for sl, g in zip(self.slices, self.gens, strict=True):
            out[:, sl] = g[kind].standard_normal((rows, sl.stop - sl.start))
        return out

    def chi2(self, kind: int, df: int, rows: int) -> np.ndarray:
        out = np.empty((rows, self.r))
        for sl, g in zip(self.slices, self.gens, strict=True):
            out[:, sl] = _chi2(g[kind], df, (rows, sl.stop - sl.start))
        return out


def run(cfg: GaussianConfig, seed: int, chunk_cells: int = _CHUNK_CELLS):
    """Return (mean, log_variance), each of shape (R, G + 1); column 0 is the truth."""
    if not covers(cfg):
        raise ValueError(f"the exact engine does not cover regime {cfg.regime!r}")
    r, g = cfg.replicates, cfg.generations
    mean = np.empty((r, g + 1))
    logv = np.empty((r, g + 1))
    mean[:, 0] = cfg.mu0
    logv[:, 0] = 2.0 * np.log(cfg.sigma0)
    draws = _Draws(cfg, seed)
    rows = max(1, chunk_cells // r)
    if cfg.regime == "replace" and cfg.n_real == 0 and not cfg.correction:
        _run_pure_replace(cfg, draws, rows, mean, logv)
    else:
        _run_pooled(cfg, draws, rows, mean, logv)
    return mean, logv


def _run_pure_replace(cfg, draws, rows, mean, logv) -> None:
    """No real data, replace: log-variance is a cumulative sum, so no loop over generations.

    Log space keeps tiny variances (M = 2 after thousands of generations) positive.
    """
    m_size, k = cfg.sample_size, cfg.sample_size - cfg.ddof
    last_m, last_lv = mean[:, 0].copy(), logv[:, 0].copy()
    for g0 in range(0, cfg.generations, rows):
        cancel.check()
        n = min(rows, cfg.generations - g0)
        z = draws.normal(0, n)
        step_lv = np.log(draws.chi2(1, m_size - 1, n) / k)
        lv = last_lv + np.cumsum(step_lv, axis=0)  # lv[j] = log v at generation g0 + j + 1
        prev_lv = np.vstack([last_lv[None, :], lv[:-1]])
        m = last_m + np.cumsum(np.exp(0.5 * prev_lv) * z / np.sqrt(m_size), axis=0)
        mean[:, g0 + 1 : g0 + 1 + n] = m.T
        logv[:, g0 + 1 : g0 + 1 + n] = lv.T
        last_m, last_lv = m[-1], lv[-1]


def _run_pooled(cfg, draws, rows, mean, logv) -> None:
    """Real data and/or accumulation: merge the groups generation by generation."""
    n_r, n_s = cfg.n_real, cfg.n_syn
    state = ChainState(
        cfg.mu0, cfg.sigma0, cfg.replicates, cfg.ddof, cfg.regime == "accumulate", real_weight(cfg)
    )
    fixed = None
    if n_r and cfg.real_source == "fixed":
        # Drawn once: the real points of generation 1's training set, reused ever after.
        zr, cr = draws.normal(2, 1)[0], draws.chi2(3, n_r - 1, 1)[0]
        fixed = Group(n_r, cfg.mu0 + cfg.sigma0 / np.sqrt(n_r) * zr, cfg.sigma0**2 * cr)
    for g0 in range(0, cfg.generations, rows):
        cancel.check()
        n = min(rows, cfg.generations - g0)
        zs = draws.normal(0, n) if n_s else None
        cs = draws.chi2(1, n_s - 1, n) if n_s else None
        fresh = n_r and fixed is None
        zr = draws.normal(2, n) if fresh else None
        cr = draws.chi2(3, n_r - 1, n) if fresh else None
        for j in range(n):
            if fixed is not None:
                real = fixed
            elif n_r:
                real = Group(n_r, cfg.mu0 + cfg.sigma0 / np.sqrt(n_r) * zr[j], cfg.sigma0**2 * cr[j])
            else:
                real = None
            syn = None
            if n_s:
                syn = Group(n_s, state.mean + np.sqrt(state.var / n_s) * zs[j], state.var * cs[j])
                if cfg.correction:
                    syn = correct_group(syn, state.mean, state.var, cfg.mu0, cfg.sigma0, cfg.correction)
            state.advance(real, syn)
            mean[:, g0 + j + 1] = state.mean
            logv[:, g0 + j + 1] = np.log(state.var)
