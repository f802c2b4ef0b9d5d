"""Stored metrics of fitted models straight from their training counts (the engine's reduce).

The same quantities as metrics.reduce, computed from the integer counts n (rows, W) of a
model p = (n + alpha) / (N + alpha K) without forming p log p: sum p^2 from sum n^2, the
entropy from sum (n + alpha) log(n + alpha) (a lookup table while the counts are small), KL
from sum n log p0, tail masses and coverages from dot products with fixed masks. The truth
laid out per column (p0, log p0, tail masks) depends only on the layout, so it is built once
per layout (Layout) and not gathered every generation.

With smoothing (alpha > 0) the layout is always the identity (no category is ever dropped).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from collapse_core.categorical.metrics import TAIL_RANKS, TruthTables

_TABLE_MAX = 1 << 20  # largest count looked up in the n log n table (else logs are taken)


class Layout:
    """The truth per column of a block's layout: cat None (identity) or (rows, W) categories."""

    def __init__(self, tt: TruthTables, cat: np.ndarray | None):
        self.tt, self.cat = tt, cat
        k = tt.k
        if cat is None:
            rank = np.arange(k)
            self.p0 = tt.p0[None, :k]
            self.log_p0 = tt.log_p0[None, :k]
        else:
            rank = cat  # padding (K) counts as beyond every cut but holds no count and p0 = 0
            self.p0 = tt.p0[cat]
            self.log_p0 = tt.log_p0[cat]
        self.beyond = {c: (rank >= c).astype(float) for c in TAIL_RANKS}
        self.p0_beyond = {c: np.where(self.beyond[c], self.p0, 0.0) for c in TAIL_RANKS}
        # Categories outside the layout have count 0 and p = 0 (maximum likelihood only).
        self.outside = np.maximum(1.0 - self.p0.sum(axis=1), 0.0)

    def rows(self, rs: slice) -> tuple:
        if self.cat is None:
            return self.p0, self.log_p0, self.beyond, self.p0_beyond, self.outside
        return (
            self.p0[rs],
            self.log_p0[rs],
            {c: b[rs] for c, b in self.beyond.items()},
            {c: b[rs] for c, b in self.p0_beyond.items()},
            self.outside[rs],
        )


class NLogN:
    """(j + alpha) log(j + alpha) for integer counts j, from a table while j is small."""

    def __init__(self, alpha: float):
        self.alpha = alpha
        self.table = np.zeros(0)

    def __call__(self, counts: np.ndarray, top: int) -> np.ndarray:
        """Row sums of (n + alpha) log(n + alpha) (0 log 0 = 0); every count is <= top."""
        if top > _TABLE_MAX:
            x = counts + self.alpha
            return special.xlogy(x, x).sum(axis=1)
        if self.table.size <= top:
            x = np.arange(max(top + 1, 2 * self.table.size), dtype=float) + self.alpha
            self.table = special.xlogy(x, x)
        return self.table[counts].sum(axis=1)


def reduce_counts(
    n: np.ndarray,
    alive: np.ndarray,
    total: int,
    alpha: float,
    k: int,
    layout: Layout,
    rs: slice,
    nlogn: NLogN,
) -> tuple[dict, np.ndarray]:
    """(stored metrics except `revived`, the models p) for count rows n of a layout's rows rs."""
    p0, log_p0, beyond, p0_beyond, outside = layout.rows(rs)
    denom = total + alpha * k
    nf = n.astype(float)
    p = nf + alpha if alpha else nf.copy()
    p /= denom
    sum_sq = np.einsum("ij,ij->i", nf, nf)
    alive_f = alive.astype(float)
    if alpha:  # identity layout: every one of the K categories is a column
        sum_sq += 2 * alpha * total + alpha * alpha * k
    plogp = nlogn(n, total) / denom - np.log(denom)
    identity = layout.cat is None
    # Row-wise einsum, not BLAS: a row's sums must not depend on how many rows are reduced.
    n_log_p0 = np.einsum("ij,ij->i", nf, np.broadcast_to(log_p0, n.shape))
    if alpha:
        n_log_p0 += alpha * layout.tt.log_p0[:k].sum()
    diff = p - p0
    np.abs(diff, out=diff)
    out = {
        "surviving": alive.sum(axis=1),
        "heterozygosity": 1.0 - sum_sq / (denom * denom),
        "entropy": -plogp,
        "tv_distance": 0.5 * (diff.sum(axis=1) + outside),
        "kl_divergence": np.maximum(plogp - n_log_p0 / denom, 0.0),
    }
    for c in TAIL_RANKS:
        tail = layout.tt.tail_mass[c]
        if tail > 0:
            cov = np.einsum("ij,ij->i", alive_f, np.broadcast_to(p0_beyond[c], n.shape)) / tail
        else:
            cov = np.full(n.shape[0], np.nan)
        out[f"tail_coverage_top{c}"] = cov
        if identity:
            mass = nf[:, c:].sum(axis=1)
        else:
            mass = np.einsum("ij,ij->i", nf, beyond[c])
        if alpha:
            mass += alpha * max(k - c, 0)
        out[f"tail_mass_top{c}"] = mass / denom
    return out, p
