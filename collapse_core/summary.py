"""Fast per-generation summaries across replicates: mean, median, 5% and 95% quantiles.

The values equal those of the plain recipe (``values.mean(axis=0)`` and ``np.quantile(values,
[0.05, 0.5, 0.95], axis=0)``, linear interpolation) to floating rounding, at a fraction of its
cost, for three reasons:

* Order statistics, not quantiles, are what a sort buys. np.quantile (linear) reads the order
  statistics at floor and ceil of q (R - 1) and interpolates. For a function f that is monotone
  (in floating point: x <= y implies f(x) <= f(y), or >= for a decreasing f), the order
  statistics of f(x) are f of those of x (reversed if f decreases). So a metric that is a
  monotone function of a shared *base* statistic (the fitted mean, the log-variance, ...) needs
  no selection of its own: select the base once, apply f, interpolate with the same fractions.
* Selection runs on int64 keys that order like the floats (a sign-dependent bit flip), laid out
  with the replicates contiguous; numpy selects integers faster than floats (no NaN ordering).
* The work is split over a small thread pool by generations: numpy's partition and the
  element-wise ufuncs (and scipy.special) release the GIL.

Means keep numpy's summation order (row after row, as ``values.mean(axis=0)`` does on a
C-ordered array), so they equal the plain recipe's bit for bit.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

SUMMARY_STATS = ("mean", "median", "q05", "q95")
QUANTILES = (("q05", 0.05), ("median", 0.5), ("q95", 0.95))
WORKERS = 2
_MIN_PARALLEL_CELLS = 1 << 17  # below this the pool's overhead outweighs a second core
_TILE_CELLS = 1 << 15  # cells per block of element-wise work: a few arrays stay in L2
_FLIP = np.int64(0x7FFFFFFFFFFFFFFF)
_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()  # sessions' threads summarise at once: one pool, never two


def pool() -> ThreadPoolExecutor:
    """The shared pool of WORKERS threads (made again after a fork)."""
    global _pool, _pool_pid
    pid = os.getpid()
    if _pool is not None and _pool_pid == pid:
        return _pool
    with _pool_lock:
        if _pool is None or _pool_pid != pid:
            _pool_pid = None  # the pool and its pid change together (a reader checks both)
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="summary")
            _pool_pid = pid
        return _pool


def column_spans(n: int, cells: int) -> list[tuple[int, int]]:
    """Split n generations (columns) into one span per worker (one span for small jobs)."""
    parts = min(WORKERS, n) if cells >= _MIN_PARALLEL_CELLS else 1
    edges = [round(i * n / parts) for i in range(parts + 1)]
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]


def run_spans(fn: Callable[[int, int], object], spans: list[tuple[int, int]]) -> list:
    """fn(a, b) for every span, on the pool when there is more than one."""
    if len(spans) == 1:
        return [fn(*spans[0])]
    futures = [pool().submit(fn, a, b) for a, b in spans]
    return [f.result() for f in futures]


# --- keys: int64 that sort like the values -------------------------------------------------


def _is_float(dtype: np.dtype) -> bool:
    return dtype.kind == "f"


def to_keys(values: np.ndarray, out: np.ndarray) -> None:
    """out (int64, any layout of values' shape) := keys ordering like values.

    Floats: the bit pattern, with the magnitude bits flipped for negative numbers; -0.0 sorts
    just below 0.0, which changes no quantile. NaNs are detected separately (see OrderStats).
    Integers and booleans: the value itself.
    """
    if _is_float(values.dtype):
        np.copyto(out, values.astype(np.float64, copy=False).view(np.int64))
        out ^= (out >> 63) & _FLIP
    else:
        np.copyto(out, values, casting="unsafe")


def from_keys(keys: np.ndarray, is_float: bool) -> np.ndarray:
    """Inverse of to_keys (as float64)."""
    if not is_float:
        return keys.astype(np.float64)
    k = keys ^ ((keys >> 63) & _FLIP)
    return k.view(np.float64)


# --- where np.quantile (linear) reads, and how it interpolates -----------------------------


@dataclass(frozen=True)
class Reading:
    """For R values: the order statistics each quantile interpolates between, and how."""

    n: int
    prev: tuple[int, ...]
    next: tuple[int, ...]
    gamma: np.ndarray  # (len(QUANTILES),) float64

    @staticmethod
    def of(n: int) -> Reading:
        """Mirrors numpy's _quantile for method='linear' (numpy.lib._function_base_impl)."""
        q = np.array([p for _, p in QUANTILES])
        virtual = (n - 1) * q
        prev = np.floor(virtual)
        nxt = prev + 1
        above = virtual >= n - 1
        prev[above] = -1
        nxt[above] = -1
        gamma = np.asanyarray(virtual - prev, dtype=virtual.dtype)
        norm = lambda i: int(i) % n  # -1 is the largest  # noqa: E731
        return Reading(n, tuple(norm(i) for i in prev), tuple(norm(i) for i in nxt), gamma)

    def kth(self, mirrored: bool = True) -> np.ndarray:
        """Order statistics to select (and their mirror images, for decreasing functions)."""
        ks = set(self.prev) | set(self.next)
        if mirrored:
            ks |= {self.n - 1 - k for k in ks}
        return np.array(sorted(ks), dtype=np.intp)


def lerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """numpy's _lerp, element for element (so a quantile matches np.quantile's bits)."""
    diff = b - a
    out = np.add(a, diff * t)
    np.subtract(b, diff * (1 - t), out=out, where=np.asarray(t >= 0.5))
    return out


class OrderStats:
    """Selected order statistics of one base statistic, per generation.

    stats maps an order index (0 = smallest) to a float64 array over generations; nan marks
    generations where some replicate is NaN (np.quantile then gives NaN).
    """

    def __init__(self, reading: Reading, stats: dict[int, np.ndarray], nan: np.ndarray):
        self.reading = reading
        self.stats = stats
        self.nan = nan

    def quantiles(self, f: Callable[[np.ndarray], np.ndarray] | None = None, increasing: bool = True):
        """{"q05", "median", "q95"} of f(values), f monotone (identity when None)."""
        r = self.reading
        out = {}
        for j, (name, _) in enumerate(QUANTILES):
            lo, hi = r.prev[j], r.next[j]
            if not increasing:
                lo, hi = r.n - 1 - lo, r.n - 1 - hi
            a, b = self.stats[lo], self.stats[hi]
            if f is not None:
                a, b = f(a), f(b)
            a = np.asarray(a, dtype=np.float64)
            b = np.asarray(b, dtype=np.float64)
            with np.errstate(invalid="ignore"):  # inf - inf, as in np.quantile
                v = lerp(a, b, r.gamma[j])
            if self.nan.any():
                v = np.where(self.nan, np.nan, v)
            out[name] = v
        return out

    @staticmethod
    def merge(parts: list[tuple[int, int, OrderStats]], n_cols: int) -> OrderStats:
        """Join OrderStats computed on column spans [a, b)."""
        first = parts[0][2]
        stats = {k: np.empty(n_cols) for k in first.stats}
        nan = np.zeros(n_cols, dtype=bool)
        for a, b, part in parts:
            for k, v in part.stats.items():
                stats[k][a:b] = v
            nan[a:b] = part.nan
        return OrderStats(first.reading, stats, nan)


def select(keys: np.ndarray, reading: Reading, is_float: bool, maybe_nan: np.ndarray | None) -> OrderStats:
    """Order statistics of keys (generations, replicates) int64, partitioned IN PLACE.

    maybe_nan: per generation, True where NaN is possible (e.g. the sum was not finite);
    None means check every generation.
    """
    kth = reading.kth()
    if keys.shape[1] > 1:
        keys.partition(kth, axis=1)
    stats = {int(k): from_keys(keys[:, k], is_float) for k in kth}
    nan = np.zeros(keys.shape[0], dtype=bool)
    if is_float:
        rows = np.arange(keys.shape[0]) if maybe_nan is None else np.flatnonzero(maybe_nan)
        if rows.size:
            nan[rows] = np.isnan(from_keys(keys[rows], True)).any(axis=1)
    return OrderStats(reading, stats, nan)


def _order_stats_span(values: np.ndarray, a: int, b: int, maybe_nan: np.ndarray | None) -> OrderStats:
    keys = np.empty((b - a, values.shape[0]), dtype=np.int64)
    to_keys(values[:, a:b].T, keys)
    return select(keys, Reading.of(values.shape[0]), _is_float(values.dtype), maybe_nan)


def order_stats(values: np.ndarray, maybe_nan: np.ndarray | None = None) -> OrderStats:
    """OrderStats of an (R, N) array across axis 0 (values is not modified)."""
    spans = column_spans(values.shape[1], values.size)
    parts = run_spans(
        lambda a, b: _order_stats_span(values, a, b, None if maybe_nan is None else maybe_nan[a:b]), spans
    )
    return OrderStats.merge([(a, b, p) for (a, b), p in zip(spans, parts, strict=True)], values.shape[1])


def _supported(values: np.ndarray) -> bool:
    return values.ndim == 2 and values.shape[0] >= 1 and values.dtype.kind in "fiub" and values.itemsize <= 8


def plain_summarise(values: np.ndarray) -> dict[str, np.ndarray]:
    """The reference recipe: np.mean and np.quantile across axis 0."""
    q05, med, q95 = np.quantile(values, [0.05, 0.5, 0.95], axis=0)
    return {"mean": values.mean(axis=0), "median": med, "q05": q05, "q95": q95}


def summarise(values: np.ndarray) -> dict[str, np.ndarray]:
    """Across replicates (axis 0): mean, median and the 5% and 95% quantiles per generation."""
    values = np.asarray(values)
    if not _supported(values) or (values.dtype.kind == "f" and values.dtype != np.float64):
        return plain_summarise(values)
    mean = values.mean(axis=0)
    maybe_nan = ~np.isfinite(mean) if _is_float(values.dtype) else None
    return {"mean": mean, **order_stats(values, maybe_nan).quantiles()}


# --- structured summaries: base statistics, monotone metrics, shared element-wise work -----


@dataclass(frozen=True)
class Monotone:
    """A metric that is a monotone function of one base statistic.

    Attributes:
        base: the base statistic's name (a state array or another metric).
        fn: (base values, config) -> metric values, element-wise, the metric's own formula.
        increasing: False when fn decreases.
    """

    base: str
    fn: Callable
    increasing: bool = True


def structure_summary(
    names: Iterable[str],
    means: Mapping[str, np.ndarray],
    base_stats: Mapping[str, OrderStats],
    monotone: Mapping[str, Monotone],
    cfg,
) -> dict[str, dict[str, np.ndarray]]:
    """Assemble {metric: {stat: array}} from metric means and base order statistics."""
    out = {}
    for name in names:
        if name in monotone:
            spec = monotone[name]
            q = base_stats[spec.base].quantiles(lambda x, s=spec: s.fn(x, cfg), spec.increasing)
        else:
            q = base_stats[name].quantiles()
        out[name] = {"mean": means[name], **q}
    return out


def bases_for(names: Iterable[str], monotone: Mapping[str, Monotone]) -> list[str]:
    """The base statistics names need selected (a metric not declared monotone is its own)."""
    seen: dict[str, None] = {}
    for n in names:
        seen[monotone[n].base if n in monotone else n] = None
    return list(seen)


def tiled(
    state: Mapping[str, np.ndarray],
    values: Callable[[dict[str, np.ndarray], set[str]], dict[str, np.ndarray]],
    mean_names: list[str],
    base_names: list[str],
) -> tuple[dict[str, np.ndarray], dict[str, OrderStats]]:
    """Means of metrics and order statistics of bases, from (R, N) state arrays, in one pass.

    values(state_tile, wanted) returns the wanted metric tiles (and may return more); a base
    that is a state array is read directly. Work is split over generations between the pool's
    workers and done in blocks of replicates small enough to stay in cache; each worker then
    selects the order statistics of its generations.
    """
    first = next(iter(state.values()))
    n_rows, n_cols = first.shape
    wanted = set(mean_names) | {b for b in base_names if b not in state}
    sum_names = list(dict.fromkeys([*mean_names, *base_names]))  # a base's sum flags NaN
    reading = Reading.of(n_rows)

    def span(a: int, b: int):
        # Blocks of whole columns: every replicate of a few generations, so a column's sum
        # runs row after row as numpy's does, and its keys land in contiguous rows.
        width = max(1, _TILE_CELLS // n_rows)
        sums = {name: np.empty(b - a) for name in sum_names}
        keys = {name: np.empty((b - a, n_rows), dtype=np.int64) for name in base_names}
        floats: dict[str, bool] = {}
        for c0 in range(a, b, width):
            c1 = min(b, c0 + width)
            tile_state = {k: v[:, c0:c1] for k, v in state.items()}
            tile = values(tile_state, wanted) if wanted else {}
            for name in sum_names:
                t = tile_state[name] if name in state else tile[name]
                np.add.reduce(t, axis=0, out=sums[name][c0 - a : c1 - a])
            for name in base_names:
                t = tile_state[name] if name in state else tile[name]
                floats[name] = _is_float(t.dtype)
                to_keys(t.T, keys[name][c0 - a : c1 - a])
        means = {name: s / n_rows for name, s in sums.items()}
        stats = {}
        for name in base_names:
            stats[name] = select(keys.pop(name), reading, floats[name], ~np.isfinite(means[name]))
        return means, stats

    spans = column_spans(n_cols, first.size * max(1, len(base_names)))
    parts = run_spans(span, spans)
    means = {n: np.concatenate([p[0][n] for p in parts]) for n in mean_names}
    stats = {
        n: OrderStats.merge([(a, b, p[1][n]) for (a, b), p in zip(spans, parts, strict=True)], n_cols)
        for n in base_names
    }
    return means, stats


# --- per-family summaries of a Result --------------------------------------------------------


def result_summary(res, names: tuple[str, ...]) -> dict[str, dict[str, np.ndarray]]:
    """Result.summary: the family's structured summary (Family.summary), or summarise per metric."""
    from collapse_core import families

    try:
        fn = families.of(res.config).summary
    except TypeError:  # a config no registered family handles (e.g. a test's stand-in)
        fn = None
    if fn is not None:
        return fn(res, names)
    return {n: summarise(res.metric(n)) for n in names}
