"""Work budget of a KDE run: its cost predicted before anything is drawn.

Cost model (bench/budget_calibration.py fits and checks it): each training point per
generation is drawn, its variance and normal tail probabilities taken and it is binned; each
replicate's density grid per generation (FFT, modes, W2) costs a fixed amount. accumulate
refits on every point so far, so its cost grows with generations squared. Memory: the stored
metric arrays, one block's training set and, unless replacing, the pool of every point.
"""

from __future__ import annotations

from collapse_core.budget import Budget, CostModel, check_cost, check_result_cells
from collapse_core.kde.engine import STORED
from collapse_core.streams import STREAM_BLOCK

# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "monte-carlo": CostModel(
        cpu={"one": 0.00477, "points": 8.98e-08, "grids": 1.62e-05},
        peak={"one": 355000.0, "stored": 2.54, "training": 4.21, "pool": 1.89},
    ),
}


def point_generations(cfg) -> float:
    """Sum over generations of the training-set size (accumulate: M, 2M, ..., GM)."""
    m, g = cfg.sample_size, cfg.generations
    return float(m * g * (g + 1) / 2 if cfg.regime == "accumulate" else m * g)


def features(cfg, engine: str = "monte-carlo") -> dict[str, float]:
    r, m, g = cfg.replicates, cfg.sample_size, cfg.generations
    block = min(r, STREAM_BLOCK)
    largest = m * g if cfg.regime == "accumulate" else m
    return {
        "points": float(r) * point_generations(cfg),
        "grids": float(r) * g,
        "stored": 8.0 * r * (g + 1) * len(STORED),
        "training": 8.0 * block * largest,
        "pool": 8.0 * block * m * g if cfg.regime != "replace" else 0.0,
    }


def predict(cfg, engine: str = "monte-carlo"):
    return MODEL["monte-carlo"].predict(features(cfg, engine))


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget, arrays=len(STORED))
    hint = (
        "fewer replicates or generations (accumulate refits on every point so far, so its cost grows "
        "with generations squared), or a smaller sample size"
        if cfg.regime == "accumulate"
        else "fewer replicates, generations or a smaller sample size"
    )
    memory_hint = (
        "a smaller sample size, fewer generations or fewer replicates (this regime keeps every point)"
        if cfg.regime != "replace"
        else "fewer replicates or generations"
    )
    check_cost(predict(cfg, engine), budget, cpu_hint=hint, memory_hint=memory_hint)
