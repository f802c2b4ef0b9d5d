"""Work budget of a KDE run: estimated before anything is drawn."""

from __future__ import annotations

from collapse_core.budget import Budget, WorkBudgetError, check_result_cells, fmt
from collapse_core.kde.engine import STORED
from collapse_core.streams import STREAM_BLOCK

# In the budget's work units (~50 ns each, measured on a shared 2-core machine): one
# training point per generation (draw, variance, 4 normal tail probabilities, binning) costs
# about 4; the density grid of one replicate per generation (FFT, modes, W2) about 700.
POINT_UNITS = 4
GRID_UNITS = 700


def point_generations(cfg) -> float:
    """Sum over generations of the training-set size (accumulate: M, 2M, ..., GM)."""
    m, g = cfg.sample_size, cfg.generations
    return float(m * g * (g + 1) / 2 if cfg.regime == "accumulate" else m * g)


def work(cfg) -> float:
    return cfg.replicates * (POINT_UNITS * point_generations(cfg) + GRID_UNITS * cfg.generations)


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget, arrays=len(STORED))
    units = work(cfg)
    if units > budget.work_units:
        hint = ("fewer replicates or generations (accumulate refits on every point so far, so its "
                "cost grows with generations squared), or a smaller sample size"
                if cfg.regime == "accumulate" else "fewer replicates, generations or a smaller sample size")
        raise WorkBudgetError(
            f"this run would cost about {fmt(units)} work units (replicates x training points summed "
            f"over generations x {POINT_UNITS}, plus {GRID_UNITS} per replicate and generation for the "
            f"density grid), over the budget of "
            f"{fmt(budget.work_units)}; use {hint}"
        )
    if cfg.regime != "replace":
        pool = min(cfg.replicates, STREAM_BLOCK) * cfg.sample_size * cfg.generations
        if pool > budget.pool_cells:
            raise WorkBudgetError(
                f"{cfg.regime} keeps every point: {fmt(pool)} stored points per block of replicates "
                f"exceeds the budget of {fmt(budget.pool_cells)}; use a smaller sample size, fewer "
                "generations or fewer replicates"
            )
