"""Work budget of a multivariate run: its cost predicted before anything is drawn.

Cost model (bench/budget_calibration.py fits and checks it; bench/multivariate.py times the
engines): each replicate x generation costs a few microseconds plus terms in d and d^3 in the
exact engine (batched Cholesky products and the singular values the metrics need dominate at
large d), whatever the sample size. The Monte Carlo engine adds its points: M d numbers drawn
and M d^2 multiply-adds for the scatter, per replicate x generation; accumulate-subsample keeps
every point of a block of replicates and gathers each subsample from it. Memory: the stored metric arrays and ~10 (R, d, d)
arrays.
"""

from __future__ import annotations

from collapse_core.budget import Budget, CostModel, check_cost, check_result_cells
from collapse_core.multivariate.chain import STORED
from collapse_core.streams import STREAM_BLOCK

# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "exact": CostModel(
        cpu={"one": 0.00399, "steps": 0.0, "steps_d": 7.55e-07, "steps_d3": 1.48e-09},
        peak={"one": 27200.0, "stored": 1.02, "matrices": 6.62},
    ),
    "monte-carlo": CostModel(
        cpu={
            "one": 0.00264,
            "steps": 4.9e-06,
            "steps_d": 0.0,
            "steps_d3": 0.0,
            "scatter": 1.2e-09,
            "gathered": 8.18e-08,
        },
        peak={"one": 11600.0, "stored": 1.02, "matrices": 5.89, "points": 1.01, "pool": 1.21},
    ),
}


def features(cfg, engine: str) -> dict[str, float]:
    r, g, m, d = cfg.replicates, cfg.generations, cfg.sample_size, cfg.dimension
    rg = float(r) * g
    subsample = cfg.regime == "accumulate-subsample"
    return {
        "steps": rg,
        "steps_d": rg * d,
        "steps_d3": rg * d**3,
        "scatter": rg * m * d * (d + 1),
        "gathered": rg * m * d if subsample else 0.0,
        "stored": 8.0 * r * (g + 1) * len(STORED),
        "matrices": 8.0 * r * d * d,
        "points": 8.0 * min(r, STREAM_BLOCK) * m * d,
        "pool": 8.0 * min(r, STREAM_BLOCK) * m * g * d if subsample else 0.0,
    }


def predict(cfg, engine: str):
    return MODEL[engine].predict(features(cfg, engine))


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget, arrays=len(STORED))
    cpu_hint = "fewer replicates, fewer generations or a smaller dimension"
    memory_hint = "fewer replicates or a smaller dimension"
    if engine == "monte-carlo":
        cpu_hint += " or sample size"
        if cfg.regime == "accumulate-subsample":
            memory_hint = (
                "a smaller sample size, fewer generations, fewer replicates or a smaller dimension "
                "(accumulate-subsample keeps every point of a block of replicates)"
            )
        else:
            cpu_hint = memory_hint = (
                "the exact engine (its cost does not grow with the sample size), or fewer "
                "replicates, fewer generations, a smaller dimension or sample size"
            )
    check_cost(predict(cfg, engine), budget, cpu_hint=cpu_hint, memory_hint=memory_hint)
