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
        if x.dtype.kind in "iub":
            return x.tolist()
        if x.dtype.kind == "f":  # whole arrays at once: a per-element check costs ~1 s per 10^5
            finite = np.isfinite(x)
            if finite.all():
                return x.tolist()
            out = x.astype(object)
            out[~finite] = None
            return out.tolist()
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

    def to_frame(self, metrics: tuple[str, ...] | None = None):
        """Every replicate's metrics as a tidy pandas table: columns replicate, generation,
        metric, value (one row each), with the provenance in `DataFrame.attrs["provenance"]`.
        Needs pandas (the `pandas` extra).

        Examples:
            >>> from collapse_core import GaussianConfig, simulate
            >>> res = simulate(GaussianConfig(sample_size=20, generations=3, replicates=2, seed=1))
            >>> df = res.to_frame(("variance_ratio",))
            >>> list(df.columns), len(df)
            (['replicate', 'generation', 'metric', 'value'], 8)
            >>> df.attrs["provenance"]["seed"]
            1
        """
        from collapse_core import extras

        extras.require("pandas", "Result.to_frame()")
        import pandas as pd

        names = tuple(metrics or self.metric_names)
        reps, gens = self.config.replicates, self.config.generations + 1
        parts = []
        for name in names:
            values = np.asarray(self.metric(name), dtype=float)
            parts.append(
                pd.DataFrame(
                    {
                        "replicate": np.repeat(np.arange(reps), gens),
                        "generation": np.tile(np.arange(gens), reps),
                        "metric": name,
                        "value": values.reshape(-1),
                    }
                )
            )
        df = (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame(columns=["replicate", "generation", "metric", "value"])
        )
        df["metric"] = df["metric"].astype("category")
        df.attrs["provenance"] = self.provenance
        return df

    def summary_frame(self, metrics: tuple[str, ...] | None = None):
        """`summary()` as a pandas table: one row per metric and generation, a column per
        statistic (mean, median, q05, q95), the provenance in `attrs`."""
        from collapse_core import extras

        extras.require("pandas", "Result.summary_frame()")
        import pandas as pd

        names = tuple(metrics or self.metric_names)
        gens = np.arange(self.config.generations + 1)
        rows = [
            pd.DataFrame(
                {
                    "metric": name,
                    "generation": gens,
                    **{k: np.asarray(v, dtype=float) for k, v in stats.items()},
                }
            )
            for name, stats in self.summary(names).items()
        ]
        df = pd.concat(rows, ignore_index=True)
        df["metric"] = df["metric"].astype("category")
        df.attrs["provenance"] = self.provenance
        return df
