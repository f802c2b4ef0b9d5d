"""Group statistics of n standard normal points in d dimensions, by the two engines.

Each source returns, for every replicate, the group mean zbar (rows, d) and the centred
scatter sum_i (z_i - zbar)(z_i - zbar)^T, either as a lower-triangular factor F (scatter =
F F^T; when n - 1 >= d) or as the full matrix (when n - 1 < d, where the scatter is singular).

Exact: zbar = N(0, I/n), and the scatter is Wishart(n - 1, I), independent of zbar, drawn by
the Bartlett decomposition (F_ii = sqrt(chi2(n - i)), i = 1..d, F_ij ~ N(0, 1) below the
diagonal), vectorised across replicates. Nothing drawn grows with n.
Monte Carlo: the n points are drawn, row-major per replicate, in pieces of at most `chunk`
numbers per numpy call (the pieces never change the stream order, hence never a result).

Randomness comes only from the per-block Generators of collapse_core.streams: each block of
replicates draws its own rows, generation after generation, so adding replicates leaves the
earlier blocks unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Stats:
    """Standard group statistics: n points, mean (rows, d), and the scatter as a
    lower-triangular factor or as a full matrix (exactly one is set)."""

    n: int
    zbar: np.ndarray
    factor: np.ndarray | None = None
    scatter: np.ndarray | None = None

    def full(self) -> np.ndarray:
        return self.scatter if self.factor is None else self.factor @ np.swapaxes(self.factor, -1, -2)


class Source:
    """Draws for the rows of a set of replicate blocks: slices (into the rows) and, per block,
    a list of Generators, one per kind of variate."""

    def __init__(self, slices, gens, d: int):
        self.slices, self.gens, self.d = slices, gens, d
        self.rows = slices[-1].stop - slices[0].start
        self.offset = slices[0].start


def bartlett(gen: np.random.Generator, df: int, d: int, rows: int) -> np.ndarray:
    """(rows, d, d) lower-triangular T with T T^T ~ Wishart(df, I_d); df >= d."""
    t = np.zeros((rows, d, d))
    chi = gen.chisquare(df - np.arange(d), size=(rows, d))
    t[:, np.arange(d), np.arange(d)] = np.sqrt(chi)
    lo = np.tril_indices(d, -1)
    if d > 1:
        t[:, lo[0], lo[1]] = gen.standard_normal((rows, lo[0].size))
    return t


class ExactSource(Source):
    """Sampling distributions: normal mean, Bartlett-Wishart scatter. Kinds: (mean, scatter)
    per group role, so `kinds` offsets select the synthetic or the real streams."""

    def stats(self, n: int, kind: int) -> Stats:
        d, rows = self.d, self.rows
        zbar = np.empty((rows, d))
        df = n - 1
        full_rank = df >= d
        out = np.empty((rows, d, d))
        for sl, g in zip(self.slices, self.gens, strict=True):
            b = slice(sl.start - self.offset, sl.stop - self.offset)
            w = b.stop - b.start
            zbar[b] = g[kind].standard_normal((w, d)) / np.sqrt(n)
            if full_rank:
                out[b] = bartlett(g[kind + 1], df, d, w)
            else:  # a singular Wishart: df < d points' worth of standard normals
                x = g[kind + 1].standard_normal((w, df, d))
                out[b] = np.swapaxes(x, 1, 2) @ x
        return Stats(n, zbar, factor=out) if full_rank else Stats(n, zbar, scatter=out)


def point_stats(gen: np.random.Generator, rows: int, n: int, d: int, chunk: int):
    """Mean (rows, d) and centred scatter (rows, d, d) of rows x n standard normal points in
    d dimensions, drawn row-major (replicate by replicate, point by point)."""
    total = np.zeros((rows, d))
    outer = np.zeros((rows, d, d))
    per_row = n * d
    if per_row <= chunk:
        per = max(1, chunk // per_row)
        for r0 in range(0, rows, per):
            z = gen.standard_normal((min(per, rows - r0), n, d))
            total[r0 : r0 + len(z)] = z.sum(axis=1)
            outer[r0 : r0 + len(z)] = np.swapaxes(z, 1, 2) @ z
    else:
        pts = max(1, chunk // d)
        for r0 in range(rows):
            for c0 in range(0, n, pts):
                z = gen.standard_normal((min(pts, n - c0), d))
                total[r0] += z.sum(axis=0)
                outer[r0] += z.T @ z
    zbar = total / n
    # Standard normals: sum z z^T - n zbar zbar^T loses no precision worth having.
    scatter = outer - n * zbar[:, :, None] * zbar[:, None, :]
    return zbar, scatter


class PointSource(Source):
    """Monte Carlo: every point drawn. One Generator per block; each group's points follow
    the previous group's in that block's stream."""

    def __init__(self, slices, gens, d: int, chunk: int):
        super().__init__(slices, gens, d)
        self.chunk = chunk

    def stats(self, n: int, kind: int = 0, factor: bool = False) -> Stats:
        d, rows = self.d, self.rows
        zbar = np.empty((rows, d))
        scatter = np.empty((rows, d, d))
        for sl, g in zip(self.slices, self.gens, strict=True):
            b = slice(sl.start - self.offset, sl.stop - self.offset)
            zbar[b], scatter[b] = point_stats(g[0], b.stop - b.start, n, d, self.chunk)
        if factor:
            return Stats(n, zbar, factor=np.linalg.cholesky(scatter))
        return Stats(n, zbar, scatter=scatter)

    def points(self, n: int) -> np.ndarray:
        """(rows, n, d) standard normal points (accumulate-subsample keeps them)."""
        out = np.empty((self.rows, n, self.d))
        for sl, g in zip(self.slices, self.gens, strict=True):
            b = slice(sl.start - self.offset, sl.stop - self.offset)
            out[b] = g[0].standard_normal((b.stop - b.start, n, self.d))
        return out

    def integers(self, n: int, k: int) -> np.ndarray:
        from collapse_core.gaussian.monte_carlo import distinct_indices

        out = np.empty((self.rows, k), dtype=np.int64)
        for sl, g in zip(self.slices, self.gens, strict=True):
            b = slice(sl.start - self.offset, sl.stop - self.offset)
            out[b] = distinct_indices(g[0], b.stop - b.start, n, k)
        return out
