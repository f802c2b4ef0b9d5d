"""Simulation results: per-generation metrics for every replicate, plus provenance."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from collapse_core import summary as _summary

SUMMARY_STATS = _summary.SUMMARY_STATS


def summarise(values: np.ndarray) -> dict[str, np.ndarray]:
    """Across replicates (axis 0): mean, median and the 5% and 95% quantiles per generation
    (np.mean and np.quantile, linear interpolation; computed faster, see collapse_core.summary)."""
    return _summary.summarise(values)


def json_ready(x):
    """Lists and floats for json.dump: NaN and infinities become None (valid JSON)."""
    if isinstance(x, dict):
        return {k: json_ready(v) for k, v in x.items()}
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if isinstance(x, (list, tuple)):
        return [json_ready(v) for v in x]
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(x) else None
    if isinstance(x, np.integer):
        return int(x)
    return x


@dataclass(frozen=True, eq=False)
class Result:
    """One chain run. Metric arrays have shape (replicates, generations + 1).

    Attributes:
        config: the configuration, with the seed actually used filled in.
        engine: the engine that ran (e.g. "exact", "monte-carlo"); engine_reason says why.
        arrays: the family's state per generation (e.g. mean and log_variance), from which
            metrics are computed on demand by `metric(name)` and cached.
        budget: the work budget the request was checked against (provenance).
    """

    config: object
    engine: str
    engine_reason: str
    arrays: dict[str, np.ndarray]
    _metric_fn: object = field(repr=False)
    metric_names: tuple[str, ...] = ()
    budget: object = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def provenance(self) -> dict:
        """Schema, package, Python, numpy, scipy, bit generator, config, seed, engine, budget."""
        from collapse_core.provenance import block

        return block(self.config, seed=self.seed, engine=self.engine, budget=self.budget)

    @property
    def seed(self) -> int:
        return self.config.seed

    @property
    def generations(self) -> np.ndarray:
        return np.arange(self.config.generations + 1)

    def metric(self, name: str) -> np.ndarray:
        if name not in self._cache:
            self._cache[name] = self._metric_fn(name, self)
        return self._cache[name]

    def summary(self, names: tuple[str, ...] | None = None) -> dict[str, dict[str, np.ndarray]]:
        return _summary.result_summary(self, tuple(names or self.metric_names))
