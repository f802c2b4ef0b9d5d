"""Work budget of a regression run: its cost predicted before anything is drawn.

Cost model (bench/budget_calibration.py fits and checks it): per replicate and generation,
T (d + 1) normal draws (design and noise), the batched X^T X (T d^2 multiply-adds) and a
solve; accumulate-subsample gathers its rows from the pool of every row. Memory: the stored
metric arrays, one block's design matrix and, under accumulate-subsample, the pool.
"""

from __future__ import annotations

from collapse_core.budget import Budget, CostModel, check_cost, check_result_cells
from collapse_core.streams import STREAM_BLOCK

# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "monte-carlo": CostModel(
        cpu={"one": 0.000904, "steps": 0.0, "draws": 1.44e-08, "products": 5.53e-12},
        peak={"one": 16700.0, "stored": 1.0, "design": 3.47, "pool": 1.09},
    ),
}


def features(cfg, engine: str = "monte-carlo") -> dict[str, float]:
    r, g, t, d = cfg.replicates, cfg.generations, cfg.sample_size, cfg.dimension
    rg = float(r) * g
    block = min(r, STREAM_BLOCK)
    subsample = cfg.regime == "accumulate-subsample"
    return {
        "steps": rg,
        "draws": rg * t * (d + 1) * (2 if subsample else 1),
        "products": rg * t * d * d,
        "stored": 16.0 * r * (g + 1),
        "design": 8.0 * block * t * (d + 1),
        "pool": 8.0 * block * t * g * (d + 1) if subsample else 0.0,
    }


def predict(cfg, engine: str = "monte-carlo"):
    return MODEL["monte-carlo"].predict(features(cfg, engine))


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget)
    hint = "fewer replicates or generations, a smaller sample size or dimension"
    memory_hint = (
        "a smaller sample size, dimension, fewer generations or replicates (accumulate-subsample "
        "keeps every row)"
        if cfg.regime == "accumulate-subsample"
        else hint
    )
    check_cost(predict(cfg, engine), budget, cpu_hint=hint, memory_hint=memory_hint)
