"""The digits entry point (Family.run): snapshots checked, engine run, Result built."""

from __future__ import annotations

import numpy as np

from collapse_core import extras
from collapse_core.digits import engine, metrics
from collapse_core.digits.config import DigitsConfig
from collapse_core.result import Result

ENGINES = ("auto", "monte-carlo")
MAX_SNAPSHOT_REPLICATES = 8
GRID_GENERATIONS = (0, 1, 5, 20, 50)
ENGINE_REASON = (
    "images are drawn from each generation's class Gaussians (no closed form covers the "
    "classifier, styles and pixels), vectorised across replicates"
)


def default_snapshot_generations(generations: int) -> tuple[int, ...]:
    """0, 1, 5, 20, 50 where within G, and G itself."""
    return tuple(sorted({t for t in GRID_GENERATIONS if t <= generations} | {generations}))


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
    return tuple(sorted({int(t) for t in gens})), min(reps, cfg.replicates)


def choose_engine(cfg: DigitsConfig, engine_name: str = "auto") -> tuple[str, str]:
    return "monte-carlo", (
        "monte-carlo was asked for: " if engine_name == "monte-carlo" else ""
    ) + ENGINE_REASON


def run(
    cfg: DigitsConfig,
    engine_name: str,
    reason: str,
    chunk: int | None = None,
    *,
    snapshot_generations=None,
    snapshot_replicates: int = 1,
) -> Result:
    """The family's runner: cfg has its seed, the budget is checked. `chunk` is accepted for
    the shared interface; the engine works one stream block (256 replicates) at a time.

    Result.arrays: every stored metric (R, G + 1); "class_prior" (R, G + 1, 10), each
    generation's class prior; "snapshot_images" (S, n, 10, 3, 64), three rendered images per
    class of the first n = `snapshot_replicates` replicates at "snapshot_generations" (NaN
    for a class the model no longer draws).
    """
    extras.require("digits", "the digits family")
    gens, reps = _check_snapshots(cfg, snapshot_generations, snapshot_replicates)
    out = engine.run(cfg, cfg.seed, gens, reps)
    arrays = {
        **out.metrics,
        "class_prior": out.class_prior,
        "snapshot_images": out.snapshots,
        "snapshot_generations": np.array(gens, dtype=int),
    }
    return Result(
        config=cfg,
        engine=engine_name,
        engine_reason=reason,
        arrays=arrays,
        _metric_fn=metrics.compute,
        metric_names=tuple(metrics.METRICS),
    )


def simulate_digits(
    cfg: DigitsConfig,
    engine: str = "auto",
    budget=None,
    chunk: int | None = None,
    *,
    snapshot_generations=None,
    snapshot_replicates: int = 1,
) -> Result:
    """collapse_core.simulate with a type check (budget: INTERACTIVE when None)."""
    if not isinstance(cfg, DigitsConfig):
        raise TypeError(f"simulate_digits needs a DigitsConfig; got {type(cfg).__name__}")
    from collapse_core.budget import INTERACTIVE
    from collapse_core.run import simulate

    return simulate(
        cfg,
        engine=engine,
        budget=budget or INTERACTIVE,
        chunk=chunk,
        snapshot_generations=snapshot_generations,
        snapshot_replicates=snapshot_replicates,
    )
