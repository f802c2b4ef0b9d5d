"""Work budgets: refuse, with a suggestion, requests too large for an interactive session."""

from __future__ import annotations

from dataclasses import dataclass


class WorkBudgetError(ValueError):
    """A valid configuration whose cost exceeds the budget of the engine asked for."""


@dataclass(frozen=True)
class Budget:
    """Upper limits of one simulation request.

    Attributes:
        monte_carlo_draws: M * G * R points drawn by the Monte Carlo engine (~9 ns each here).
        result_cells: R * (G + 1) cells per stored metric array (two float64 arrays are kept).
        pool_cells: points one block of replicates keeps for accumulate-subsample.
        category_steps: categorical family, estimated replicate x category x generation
            updates (measured here: about 50 ns each when every category is carried, i.e.
            fresh real data or smoothing; the estimate is an upper bound otherwise).
        category_cells: categorical family, replicate x category cells held at once
            (extinction tables for all replicates plus one block's counts).
    """

    monte_carlo_draws: float = 1e8
    result_cells: float = 1e7
    pool_cells: float = 3e7
    category_steps: float = 6e7  # ~3 s at the measured worst case: stays interactive
    category_cells: float = 3e7


INTERACTIVE = Budget()
# The command line runs unattended and may take minutes; memory stays the real limit.
BATCH = Budget(
    monte_carlo_draws=2e10, result_cells=5e7, pool_cells=2e8, category_steps=3e10, category_cells=4e8
)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if x < 1e6 else f"{x:.2g}"


def check(cfg, engine: str, budget: Budget = INTERACTIVE, *, stream_block: int = 256) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    m, g, r = cfg.sample_size, cfg.generations, cfg.replicates
    cells = r * (g + 1)
    if cells > budget.result_cells:
        raise WorkBudgetError(
            f"replicates x (generations + 1) = {_fmt(cells)} result cells exceeds the budget of "
            f"{_fmt(budget.result_cells)}; use fewer replicates or generations"
        )
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
            f"{_fmt(draws)} points, over the budget of {_fmt(budget.monte_carlo_draws)}; {hint}"
        )
    if cfg.regime == "accumulate-subsample":
        pool = min(r, stream_block) * m * g
        if pool > budget.pool_cells:
            raise WorkBudgetError(
                f"accumulate-subsample keeps every point: {_fmt(pool)} stored points per block "
                f"of replicates exceeds the budget of {_fmt(budget.pool_cells)}; use a smaller "
                "sample size, fewer generations or fewer replicates"
            )
