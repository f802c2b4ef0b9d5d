"""Result -> JSON document and CSV table (shared by the command line and the app's export)."""

from __future__ import annotations

import io

import numpy as np

from collapse_core import csv_safe
from collapse_core.result import SUMMARY_STATS, Result, json_ready


def document(res: Result, theory: dict | None = None, metrics: tuple[str, ...] | None = None) -> dict:
    """The JSON shape: config, seed, engine, generations, summary {metric: {stat: [...]}}, theory,
    provenance (schema, versions, bit generator, config, seed, engine, budget)."""
    names = metrics or res.metric_names
    doc = {
        "config": res.config.asdict(),
        "seed": res.seed,
        "engine": res.engine,
        "engine_reason": res.engine_reason,
        "generations": res.generations.tolist(),
        "summary": {k: {s: v[s] for s in SUMMARY_STATS} for k, v in res.summary(names).items()},
    }
    if theory:
        doc["theory"] = theory
    doc["provenance"] = res.provenance
    return json_ready(doc)


def csv_text(doc: dict) -> str:
    """One row per generation: summary columns `<metric>_<stat>`, then per-generation theory."""
    gens = doc["generations"]
    cols: dict[str, list] = {"generation": gens}
    for metric, stats in doc["summary"].items():
        for stat in SUMMARY_STATS:
            cols[f"{metric}_{stat}"] = stats[stat]
    for name, val in (doc.get("theory") or {}).items():
        if isinstance(val, list) and len(val) == len(gens):
            cols[f"theory_{name}"] = val
    buf = io.StringIO()
    w = csv_safe.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for row in zip(*cols.values(), strict=True):
        w.writerow(["" if v is None else (repr(float(v)) if isinstance(v, float) else v) for v in row])
    return buf.getvalue()


def as_array(values: list) -> np.ndarray:
    """JSON list (None for non-finite) back to floats."""
    return np.array([np.nan if v is None else v for v in values], dtype=float)
