"""Work budget of a Gaussian run: estimated before anything is drawn."""

from __future__ import annotations

from collapse_core.budget import Budget, WorkBudgetError, check_result_cells, fmt
from collapse_core.streams import STREAM_BLOCK


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    m, g, r = cfg.sample_size, cfg.generations, cfg.replicates
    check_result_cells(cfg, budget)
    if engine != "monte-carlo":
        return
    draws = m * g * r
    if draws > budget.monte_carlo_draws:
        hint = (
            "use the exact engine (it covers this regime and its cost does not grow with the "
            "sample size), or fewer replicates"
            if cfg.regime != "accumulate-subsample"
            else "use fewer replicates, a smaller sample size or fewer generations"
        )
        raise WorkBudgetError(
            f"the Monte Carlo engine would draw sample_size x generations x replicates = "
            f"{fmt(draws)} points, over the budget of {fmt(budget.monte_carlo_draws)}; {hint}"
        )
    if cfg.regime == "accumulate-subsample":
        pool = min(r, STREAM_BLOCK) * m * g
        if pool > budget.pool_cells:
            raise WorkBudgetError(
                f"accumulate-subsample keeps every point: {fmt(pool)} stored points per block "
                f"of replicates exceeds the budget of {fmt(budget.pool_cells)}; use a smaller "
                "sample size, fewer generations or fewer replicates"
            )
