"""Work budget of a regression run: estimated before anything is drawn."""

from __future__ import annotations

from collapse_core.budget import Budget, WorkBudgetError, check_result_cells, fmt
from collapse_core.streams import STREAM_BLOCK


def draw_equivalents(cfg) -> float:
    """Normal draws (T (d + 1) per replicate and generation: design and noise) plus the
    batched X^T X and solve, counted as T d^2 / 10 + 200 draws (measured: a multiply-add
    in batched matmul costs about a tenth of a normal draw)."""
    t, d = cfg.sample_size, cfg.dimension
    per = t * (d + 1) + t * d * d / 10 + 200
    if cfg.regime == "accumulate-subsample":
        per += t * (d + 1)  # the gathered rows
    return float(cfg.replicates * cfg.generations * per)


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget)
    work = draw_equivalents(cfg)
    if work > budget.monte_carlo_draws:
        raise WorkBudgetError(
            f"this run would draw replicates x generations x sample_size x (dimension + 1) normals plus "
            f"the fits, about {fmt(work)} draws, over the budget of {fmt(budget.monte_carlo_draws)}; use "
            "fewer replicates or generations, a smaller sample size or dimension"
        )
    if cfg.regime == "accumulate-subsample":
        pool = min(cfg.replicates, STREAM_BLOCK) * cfg.sample_size * cfg.generations * (cfg.dimension + 1)
        if pool > budget.pool_cells:
            raise WorkBudgetError(
                f"accumulate-subsample keeps every row: {fmt(pool)} stored numbers per block of replicates "
                f"exceeds the budget of {fmt(budget.pool_cells)}; use a smaller sample size, dimension, "
                "fewer generations or replicates"
            )
