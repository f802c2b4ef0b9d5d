"""The categorical entry point: validation of the request, budget, run, Result."""

from __future__ import annotations

import numpy as np

from collapse_core import budget as budget_mod
from collapse_core.categorical import engine, metrics
from collapse_core.categorical.config import CategoricalConfig
from collapse_core.categorical.truth import truth_probabilities
from collapse_core.result import Result

ENGINES = ("auto", "exact")
MAX_SNAPSHOT_REPLICATES = 16
ENGINE_REASON = (
    "category counts are sufficient statistics: each generation's counts are drawn exactly "
    "(multinomial, multivariate hypergeometric) without drawing single tokens"
)


def default_snapshot_generations(generations: int, count: int = 8) -> tuple[int, ...]:
    """About `count` generations from 0 to G, roughly evenly spaced on a log scale."""
    raw = np.unique(np.round(np.geomspace(1, generations, count - 1)).astype(int))
    return (0, *(int(t) for t in raw))


def _check_snapshots(cfg, gens, reps) -> tuple[tuple[int, ...], int]:
    gens = default_snapshot_generations(cfg.generations) if gens is None else tuple(gens)
    for t in gens:
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t <= cfg.generations:
            raise ValueError(
                f"snapshot_generations must hold integers from 0 to {cfg.generations}; got {t!r}"
            )
    if isinstance(reps, bool) or not isinstance(reps, int) or not 0 <= reps <= MAX_SNAPSHOT_REPLICATES:
        raise ValueError(
            f"snapshot_replicates must be an integer from 0 to {MAX_SNAPSHOT_REPLICATES}; got {reps!r}"
        )
    return tuple(sorted(set(int(t) for t in gens))), min(reps, cfg.replicates)


def _metric(name: str, res: Result) -> np.ndarray:
    return metrics.compute(name, res)


def choose_engine(cfg: CategoricalConfig, engine_name: str = "auto") -> tuple[str, str]:
    """The family's one engine is exact, with or without decoding: (engine, plain-words reason)."""
    reason = ("exact was asked for: " if engine_name == "exact" else "") + ENGINE_REASON
    if cfg.decodes:
        reason += "; the decoded model's synthetic tokens are one exact multinomial draw per chain"
    if cfg.data:
        reason += (
            "; your data's label frequencies are the truth, and drawing from them is resampling "
            "your labels with replacement, so the exact engine and the theory still hold"
        )
    return "exact", reason


def run(
    cfg: CategoricalConfig,
    engine_name: str,
    reason: str,
    chunk: int | None = None,
    *,
    snapshot_generations=None,
    snapshot_replicates: int = 1,
) -> Result:
    """The family's runner (Family.run): cfg has its seed, the budget is checked.

    Result.arrays holds every stored metric (R, G + 1), "first_extinct" and "last_extinct"
    (R, K) int32 (see engine.Output), and the fitted probabilities of the first
    `snapshot_replicates` replicates at `snapshot_generations` (default: about 8
    log-spaced generations): "snapshot_probabilities" (S, n, K) and "snapshot_generations".
    """
    snap_gens, snap_reps = _check_snapshots(cfg, snapshot_generations, snapshot_replicates)
    out = engine.run(
        cfg,
        cfg.seed,
        truth_probabilities(cfg),
        chunk_cells=chunk or engine.CHUNK_CELLS,
        snapshot_generations=snap_gens,
        snapshot_replicates=snap_reps,
    )
    arrays = {
        **out.metrics,
        "first_extinct": out.first_extinct,
        "last_extinct": out.last_extinct,
        "snapshot_probabilities": out.snapshots,
        "snapshot_generations": np.array(snap_gens, dtype=int),
    }
    return Result(
        config=cfg,
        engine=engine_name,
        engine_reason=reason,
        arrays=arrays,
        _metric_fn=_metric,
        metric_names=tuple(metrics.METRICS),
    )


def simulate_categorical(
    cfg: CategoricalConfig,
    engine: str = "auto",
    budget: budget_mod.Budget = budget_mod.INTERACTIVE,
    chunk: int | None = None,
    *,
    snapshot_generations=None,
    snapshot_replicates: int = 1,
) -> Result:
    """Run the chain (collapse_core.simulate with a type check). `chunk` (rows x width per
    numpy call) changes memory, never results. See `run` for what Result.arrays holds."""
    if not isinstance(cfg, CategoricalConfig):
        raise TypeError(f"simulate_categorical needs a CategoricalConfig; got {type(cfg).__name__}")
    from collapse_core.run import simulate

    return simulate(
        cfg,
        engine=engine,
        budget=budget,
        chunk=chunk,
        snapshot_generations=snapshot_generations,
        snapshot_replicates=snapshot_replicates,
    )
