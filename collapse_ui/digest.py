"""The compact summary of a Result that charts are drawn from, and that the page caches.

A Result holds every replicate's metrics, (R, G+1) arrays; a chart needs only the median, the
5-95% band, a few individual chains and the theory curves. Caching this digest instead of the
Result keeps each rerun cheap: st.cache_data copies its value out on every hit, and the band
quantiles are computed once per configuration instead of once per redraw.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from collapse_core import families
from collapse_core.lead_times import medians_of
from collapse_core.result import Result, summarise


@dataclass(frozen=True, eq=False)
class Band:
    """Across replicates, per generation: median and the 5% and 95% quantiles."""

    median: np.ndarray
    q05: np.ndarray
    q95: np.ndarray


@dataclass(frozen=True, eq=False)
class ChainDigest:
    """What the charts of one run show.

    Attributes:
        config: the run's configuration, seed filled in.
        engine, engine_reason: which engine ran and why (plain words, from the core).
        generations: 0..G.
        bands: metric name -> Band across all replicates.
        chains: metric name -> (k, G+1) array, the first k replicates as they ran.
        theory: closed-form curves ((G+1,) arrays) and limits (floats) that apply to the config.
        provenance: the run's provenance block (schema, versions, bit generator, seed, engine).
        shares: metric name -> (G+1,) mean across replicates of a 0/1 metric (a share of chains).
        lead_medians: metric name -> (G+1,) median across replicates (NaN-safe) of every metric
            the family ranks in its lead-time table (Family.harm).
    """

    config: object
    engine: str
    engine_reason: str
    generations: np.ndarray
    bands: Mapping[str, Band]
    chains: Mapping[str, np.ndarray]
    theory: Mapping[str, np.ndarray | float]
    provenance: dict | None = field(default=None, kw_only=True)
    shares: Mapping[str, np.ndarray] = field(default_factory=dict, kw_only=True)
    lead_medians: Mapping[str, np.ndarray] = field(default_factory=dict, kw_only=True)

    @property
    def last(self) -> int:
        return int(self.generations[-1])


def band(values: np.ndarray) -> Band:
    """Quantiles across replicates (axis 0) of an (R, G+1) array: the core's summary's."""
    s = summarise(values)
    return Band(median=s["median"], q05=s["q05"], q95=s["q95"])


def digest(
    result: Result,
    band_metrics: tuple[str, ...],
    chain_metrics: tuple[str, ...],
    theory: Mapping[str, np.ndarray | float],
    n_chains: int = 5,
    share_metrics: tuple[str, ...] = (),
) -> ChainDigest:
    k = min(n_chains, result.config.replicates)
    bands = {name: band(result.metric(name)) for name in band_metrics}
    return ChainDigest(
        config=result.config,
        engine=result.engine,
        engine_reason=result.engine_reason,
        generations=result.generations,
        bands=bands,
        chains={name: result.metric(name)[:k].copy() for name in chain_metrics},
        theory=dict(theory),
        provenance=result.provenance,
        shares={name: result.metric(name).mean(axis=0) for name in share_metrics},
        lead_medians=lead_medians(result, {n: b.median for n, b in bands.items()}),
    )


def lead_medians(result: Result, known: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Per-generation medians of the metrics the family's lead-time table ranks: those the
    bands already hold (`known`, when NaN-free), the rest from the core's fast summary (shared
    order statistics); a metric with NaN replicates NaN-safe."""
    harm = families.of(result.config).harm
    known = {n: np.asarray(m, dtype=float) for n, m in (known or {}).items()}
    out = {
        n: known[n] for n in result.metric_names if n in harm and n in known and not np.isnan(known[n]).any()
    }
    names = tuple(n for n in result.metric_names if n in harm and n not in out)
    if not names:
        return out
    fast = result.summary(names)
    for n in names:
        med = np.asarray(fast[n]["median"], dtype=float)
        out[n] = medians_of({n: result.metric(n)})[n] if np.isnan(med).any() else med
    return out


def extended(base: ChainDigest, cls: type, **extra):
    """A family's digest class (a ChainDigest subclass) holding `base`'s fields plus `extra`."""
    return cls(**{f.name: getattr(base, f.name) for f in dataclasses.fields(ChainDigest)}, **extra)


def theory_of(cfg) -> dict:
    """The core's theory(cfg) as the charts read it: per-generation lists as arrays; a closed
    form that does not apply here (None, or a limit that is not finite) left out. Every theory
    curve a page draws comes from here: the UI evaluates no closed form of its own."""
    out: dict = {}
    for key, value in families.of(cfg).theory(cfg).items():
        if isinstance(value, list):
            out[key] = np.asarray(value)
        elif value is not None and not (isinstance(value, float) and not math.isfinite(value)):
            out[key] = value
    return out
