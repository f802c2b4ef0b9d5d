"""Exact merging of Gaussian sufficient statistics (count, mean, centred sum of squares).

Both engines form each generation's training set from groups (the real part, the
synthetic part, and under accumulation the pool of earlier data) and merge them here, so
the regime logic exists once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.gaussian.weighting import weighted_fit


@dataclass
class Group:
    """n points with per-replicate mean and centred sum of squares Q (arrays over replicates)."""

    n: int
    mean: np.ndarray
    q: np.ndarray


def merge(a: Group | None, b: Group | None) -> Group | None:
    """Chan's pairwise update: exact and free of cancellation."""
    if a is None or a.n == 0:
        return b
    if b is None or b.n == 0:
        return a
    n = a.n + b.n
    delta = b.mean - a.mean
    return Group(n, a.mean + delta * (b.n / n), a.q + b.q + delta * delta * (a.n * b.n / n))


class ChainState:
    """Fitted model per replicate, advanced one generation at a time from merged groups.

    Under `replace` the new model is fitted on the new batch alone; under `accumulate` on the
    pool of every batch so far.
    """

    def __init__(
        self,
        mu0: float,
        sigma0: float,
        replicates: int,
        ddof: int,
        accumulate: bool,
        weight: float | None = None,
    ):
        self.mean = np.full(replicates, float(mu0))
        self.var = np.full(replicates, float(sigma0) ** 2)
        self.ddof = ddof
        self.accumulate = accumulate
        self.pool: Group | None = None
        self.weight = weight  # on the real part's own fit; None pools the parts

    def advance(self, real: Group | None, syn: Group | None) -> None:
        if self.weight is not None:
            self.mean, self.var = weighted_fit(real, syn, self.weight, self.ddof)
            return
        batch = merge(real, syn)
        if self.accumulate:
            self.pool = merge(self.pool, batch)
            batch = self.pool
        self.mean = batch.mean
        self.var = batch.q / (batch.n - self.ddof)
