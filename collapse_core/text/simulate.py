"""The text family's runner (Family.run) and its Result."""

from __future__ import annotations

import numpy as np

from collapse_core.result import Result
from collapse_core.text import corpus as corpus_mod
from collapse_core.text import engine, metrics
from collapse_core.text.config import TextConfig

ENGINES = ("auto", "monte-carlo")
ENGINE_REASON = (
    "every token is written: the n-gram model of each generation samples its passages word by word, "
    "all replicates at once"
)
DEFAULT_SNAPSHOTS = (0, 1, 5, 20, 50)


def snapshot_generations(cfg: TextConfig, gens=None) -> tuple[int, ...]:
    gens = DEFAULT_SNAPSHOTS if gens is None else tuple(gens)
    for t in gens:
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
            raise ValueError(
                f"snapshot_generations must hold integers from 0 to {cfg.generations}; got {t!r}"
            )
    kept = sorted({int(t) for t in gens if t <= cfg.generations})
    return tuple(kept)


def choose_engine(cfg: TextConfig, engine_name: str = "auto") -> tuple[str, str]:
    return "monte-carlo", (
        "monte-carlo was asked for: " if engine_name == "monte-carlo" else ""
    ) + ENGINE_REASON


def _metric(name: str, res: Result) -> np.ndarray:
    return metrics.compute(name, res)


def run(
    cfg: TextConfig, engine_name: str, reason: str, chunk: int | None = None, *, sample_generations=None
) -> Result:
    """Result.arrays: every stored metric (R, G + 1); "first_lost" (R, V) int32, the first
    generation each real word was absent from the training text (-1: never);
    "sample_generations" (S,) and "samples" (S, tokens) of replicate 0 (generation 0: real text).
    `chunk` is accepted for the shared interface and changes nothing."""
    corp = corpus_mod.get(cfg.corpus)
    snaps = snapshot_generations(cfg, sample_generations)
    out = engine.run(cfg, corp, snaps)
    gens = np.array(sorted(out.samples), dtype=int)
    samples = np.array([out.samples[t] for t in gens]) if gens.size else np.zeros((0, 0), dtype=np.int64)
    arrays = {**out.metrics, "first_lost": out.first_lost, "sample_generations": gens, "samples": samples}
    return Result(
        config=cfg,
        engine=engine_name,
        engine_reason=reason,
        arrays=arrays,
        _metric_fn=_metric,
        metric_names=tuple(metrics.METRICS),
    )
