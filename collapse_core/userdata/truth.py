"""The empirical truth: the data set itself, sampled by resampling with replacement.

Drawing n points from the truth draws n rows of the data uniformly with replacement (as the
bootstrap does); a fixed real set is one such draw, made once. Every measurement "against the
truth" is against this empirical distribution: its mean and variance (divided by n, the
distribution's own variance), its extreme quantiles, its quantile function.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from collapse_core.userdata.parse import DataError

TAIL_QUANTILES = (0.01, 0.99)


@dataclass(frozen=True, eq=False)
class EmpiricalTruth:
    """`values`: (n,) for one column, (n, d) for several; rows are the data's points."""

    values: np.ndarray

    def __post_init__(self) -> None:
        v = np.asarray(self.values, dtype=float)
        if v.ndim not in (1, 2) or v.shape[0] < 2:
            raise DataError("an empirical truth needs at least 2 data points")
        if not np.all(np.isfinite(v)):
            raise DataError("an empirical truth needs finite numbers only")
        v = v.copy()
        v.setflags(write=False)
        object.__setattr__(self, "values", v)

    @property
    def n(self) -> int:
        return self.values.shape[0]

    def draw(self, gen: np.random.Generator, shape) -> np.ndarray:
        """Points drawn with replacement; shape `shape` (+ (d,) for several columns)."""
        return self.values[gen.integers(0, self.n, shape)]

    @property
    def mean(self):
        return self.values.mean(axis=0)

    @property
    def variance(self):
        """The empirical distribution's variance (divides by n)."""
        return self.values.var(axis=0)

    def quantile(self, q):
        return np.quantile(self.values, q, axis=0)

    def tail_edges(self, q=TAIL_QUANTILES) -> tuple[float, float]:
        """The data's own extreme quantiles, beyond which its tails lie (one column)."""
        lo, hi = np.quantile(self.values, q)
        return float(lo), float(hi)

    def tail_mass(self, q=TAIL_QUANTILES) -> float:
        """Share of the data beyond its own extreme quantiles (strictly outside)."""
        lo, hi = self.tail_edges(q)
        v = self.values
        return float(np.mean((v < lo) | (v > hi)))

    def sorted_values(self) -> np.ndarray:
        return np.sort(self.values, axis=0)

    def labels_probabilities(self):
        raise DataError("a numeric truth has no labels")


@functools.lru_cache(maxsize=32)
def stored(h: str) -> EmpiricalTruth:
    """The empirical truth of the stored data set `h` (its first numeric column). Cached: a
    stored set never changes, its name being its content's hash. DataError when it is gone."""
    from collapse_core.userdata import store

    ds = store.get(h)
    if ds is None:
        raise DataError(
            f"no data set {h[:12]}... is stored here: it may have expired ({store.retention_words()}); "
            "upload or paste it again"
        )
    for col in ds.columns.values():
        if isinstance(col, np.ndarray):
            return EmpiricalTruth(col)
    raise DataError("the data set has no numeric column")
