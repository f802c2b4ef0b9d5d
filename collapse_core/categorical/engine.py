"""The categorical engine: category counts are the state; tokens are drawn only as indices.

Each generation, per replicate: n_real real tokens from the truth (or the fixed real counts
of generation 1) and n_syn synthetic tokens from model t, each drawn as a category index
(sampling.py: inverse CDF of the truth; a uniform pick among the model's training tokens,
or a uniform category for the smoothing share), then counted. That is exactly
Multinomial(n_real, p0) + Multinomial(n_syn, p_t) at O(tokens) to O(tokens log) per
replicate instead of K conditional binomials, which is what matters when M << K. The regime
turns the batch into the training counts (replace: the batch; accumulate: the pooled counts;
accumulate-subsample: a multivariate hypergeometric draw of M from the pooled counts), and
p_{t+1} = (counts + alpha) / (N + alpha K); the stored metrics come from the counts
(count_metrics.py). Vectorised across the replicates of a stream block. With a decoding knob
on (cfg.decodes), the synthetic tokens of generations t >= 1 come from model t decoded
(sampling.decoded_counts: one exact multinomial draw per row); with the knobs off that code
is never reached, so results are those of the plain path bit for bit.

Layout: state arrays are (rows, W). In the identity layout (cat None) column j is category
j. Where lost categories can never return (CategoricalConfig.sparse), columns holding only
dead categories are dropped once they are a quarter of the width: `cat` then maps each
column to its category (K for padding), kept in rank order. A drawn token depends only on
the training tokens in rank order (zero columns hold none), and every stream's draws are
consumed in row order, so compaction and row chunking never change a result.
"""

from __future__ import annotations

import numpy as np

from collapse_core import cancel
from collapse_core.categorical.config import CategoricalConfig
from collapse_core.categorical.count_metrics import Layout, NLogN, reduce_counts
from collapse_core.categorical.metrics import INT_METRICS, STORED, TruthTables, truth_values
from collapse_core.categorical.sampling import (
    InverseCDF,
    categorical_counts,
    decoded_counts,
    hypergeometric_rows,
    resample_counts,
)
from collapse_core.streams import block_generators, block_slices

# Streams per block: synthetic tokens, real tokens, subsampling of the pool.
_SYN, _REAL, _SUB = range(3)
_KINDS = 3
CHUNK_CELLS = 1 << 18  # rows x width per numpy call (temporaries of a few MB)
_COMPACT_AT = 0.75  # drop dead columns once the alive ones fit in 3/4 of the width


class Output:
    """What a run keeps: stored metrics (R, G + 1), extinction generations (R, K), snapshots."""

    def __init__(self, cfg: CategoricalConfig, tt: TruthTables, snap_gens, snap_reps: int):
        r, g, k = cfg.replicates, cfg.generations, cfg.categories
        self.metrics = {
            name: np.empty((r, g + 1), dtype=np.int64 if name in INT_METRICS else float) for name in STORED
        }
        for name, val in truth_values(tt).items():
            self.metrics[name][:, 0] = val
        # first_extinct: first generation with count 0; last_extinct: start of the final
        # dead spell. Both -1 when it never happened / the category is alive at the end.
        self.first_extinct = np.full((r, k), -1, dtype=np.int32)
        self.last_extinct = np.full((r, k), -1, dtype=np.int32)
        self.snap_index = {int(t): i for i, t in enumerate(snap_gens)}
        self.snap_reps = snap_reps
        self.snapshots = np.zeros((len(snap_gens), snap_reps, k))
        if 0 in self.snap_index:
            self.snapshots[self.snap_index[0]] = tt.p0[:k]


class Block:
    """One stream block of replicates, advanced one generation at a time."""

    def __init__(
        self,
        cfg: CategoricalConfig,
        tt: TruthTables,
        gens,
        rows: slice,
        out: Output,
        chunk_cells: int,
        compact: bool,
    ):
        self.cfg, self.tt, self.gens, self.out = cfg, tt, gens, out
        self.rows = rows
        self.n = rows.stop - rows.start
        self.compact = compact and cfg.sparse
        self.cat: np.ndarray | None = None
        k = cfg.categories
        self.train = np.zeros((self.n, k), dtype=np.int64)
        self.pool = None
        if cfg.regime == "accumulate":
            self.pool = self.train  # the model is fitted on the whole pool
        elif cfg.regime == "accumulate-subsample":
            self.pool = np.zeros((self.n, k), dtype=np.int64)
        self.fixed = None
        self.chunk_cells = chunk_cells
        self.cdf0 = InverseCDF(np.cumsum(tt.p0[:k]))  # real tokens are drawn by inverse CDF
        self.layout = Layout(tt, None)
        self.nlogn = NLogN(cfg.smoothing)

    @property
    def width(self) -> int:
        return self.train.shape[1]

    def _real(self, rs: slice, t: int) -> np.ndarray | int:
        cfg = self.cfg
        if cfg.n_real == 0:
            return 0
        if self.fixed is not None and t > 0:
            return self.fixed[rs]
        # Fresh draws (and generation 1's draw under "fixed") happen in the identity layout.
        real = categorical_counts(self.gens[_REAL], cfg.n_real, self.cdf0, rs.stop - rs.start)
        if cfg.real_source == "fixed":
            if self.fixed is None:
                self.fixed = np.zeros_like(self.train)
            self.fixed[rs] = real
        return real

    def step(self, t: int) -> None:
        """Form generation t + 1 from generation t."""
        rows_per = max(1, self.chunk_cells // self.width)
        for r0 in range(0, self.n, rows_per):
            self._step_rows(slice(r0, min(r0 + rows_per, self.n)), t)
        if self.compact:
            self._compact()

    def _synthetic(self, rs: slice, t: int, old: np.ndarray) -> np.ndarray:
        """n_syn tokens per row from model t (drawn as tokens: see sampling.resample_counts)."""
        cfg = self.cfg
        if t == 0:
            return categorical_counts(self.gens[_SYN], cfg.n_syn, self.cdf0, rs.stop - rs.start)
        total = cfg.sample_size * (t if cfg.regime == "accumulate" else 1)
        if cfg.decodes:
            return decoded_counts(self.gens[_SYN], cfg, old, total)
        return resample_counts(self.gens[_SYN], cfg.n_syn, old, total, cfg.smoothing, cfg.categories)

    def _step_rows(self, rs: slice, t: int) -> None:
        cfg, m = self.cfg, self.cfg.sample_size
        rows = rs.stop - rs.start
        old = self.train[rs]
        alive_old = np.ones((rows, self.width), dtype=bool) if t == 0 else old > 0
        batch = self._real(rs, t) + (self._synthetic(rs, t, old) if cfg.n_syn else 0)
        if cfg.regime == "replace":
            self.train[rs] = batch
        elif cfg.regime == "accumulate":
            self.train[rs] += batch
        else:
            self.pool[rs] += batch
            self.train[rs] = batch if t == 0 else hypergeometric_rows(self.gens[_SUB], m, self.pool[rs])
        new = self.train[rs]
        alive = new > 0
        total = m * (t + 1 if cfg.regime == "accumulate" else 1)
        values, p = reduce_counts(
            new, alive, total, cfg.smoothing, cfg.categories, self.layout, rs, self.nlogn
        )
        values["revived"] = self._record_events(rs, alive_old, alive, t + 1)
        glob = slice(self.rows.start + rs.start, self.rows.start + rs.stop)
        for name, val in values.items():
            self.out.metrics[name][glob, t + 1] = val
        self._snapshot(glob, p, rs, t + 1)

    def _categories(self, rs: slice, r_idx: np.ndarray, c_idx: np.ndarray) -> np.ndarray:
        return c_idx if self.cat is None else self.cat[rs][r_idx, c_idx]

    def _record_events(self, rs: slice, alive_old, alive, gen: int) -> np.ndarray:
        out = self.out
        first = out.first_extinct[self.rows][rs]
        last = out.last_extinct[self.rows][rs]
        ri, ci = np.nonzero(alive_old != alive)  # one pass: deaths and comebacks together
        back = alive[ri, ci]
        if ri.size:
            cats = self._categories(rs, ri, ci)
            dr, dc = ri[~back], cats[~back]
            first[dr, dc] = np.where(first[dr, dc] < 0, gen, first[dr, dc])
            last[dr, dc] = gen
            last[ri[back], cats[back]] = -1
        return np.bincount(ri[back], minlength=alive.shape[0])

    def _snapshot(self, glob: slice, p: np.ndarray, rs: slice, gen: int) -> None:
        out = self.out
        s = out.snap_index.get(gen)
        if s is None or glob.start >= out.snap_reps:
            return
        for i in range(glob.start, min(glob.stop, out.snap_reps)):
            row = i - glob.start
            if self.cat is None:
                out.snapshots[s, i] = p[row]
            else:
                cats = self.cat[rs][row]
                real = cats < self.cfg.categories
                out.snapshots[s, i, cats[real]] = p[row][real]

    def _compact(self) -> None:
        """Drop columns dead in every row of the block for good (sparse configs only)."""
        keep = self.train > 0
        for extra in (self.pool, self.fixed):
            if extra is not None and extra is not self.train:
                keep |= extra > 0
        w_new = int(keep.sum(axis=1).max())
        if w_new > _COMPACT_AT * self.width:
            return
        # Stable sort puts the dropped columns first and keeps rank order among the kept.
        order = np.argsort(keep, axis=1, kind="stable")[:, self.width - w_new :]
        kept = np.take_along_axis(keep, order, axis=1)
        cat = order if self.cat is None else np.take_along_axis(self.cat, order, axis=1)
        self.cat = np.where(kept, cat, self.cfg.categories).astype(np.int32)
        self.layout = Layout(self.tt, self.cat)
        same_pool = self.pool is self.train
        self.train = np.take_along_axis(self.train, order, axis=1)
        if self.pool is not None:
            self.pool = self.train if same_pool else np.take_along_axis(self.pool, order, axis=1)
        if self.fixed is not None:
            self.fixed = np.take_along_axis(self.fixed, order, axis=1)


def run(
    cfg: CategoricalConfig,
    seed: int,
    p0: np.ndarray,
    *,
    chunk_cells: int = CHUNK_CELLS,
    compact: bool = True,
    snapshot_generations=(),
    snapshot_replicates: int = 0,
) -> Output:
    tt = TruthTables(p0)
    out = Output(cfg, tt, snapshot_generations, snapshot_replicates)
    for rows, gens in zip(
        block_slices(cfg.replicates), block_generators(seed, cfg.replicates, _KINDS), strict=True
    ):
        block = Block(cfg, tt, gens, rows, out, chunk_cells, compact)
        for t in range(cfg.generations):
            cancel.check()
            block.step(t)
    return out
