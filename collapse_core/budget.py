"""Work budgets: refuse, with a suggestion, requests too large for an interactive session.

The limits are generic quantities every family can estimate; each family's own check (in
its package, registered as Family.check_budget) says which apply to it and what to change.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


class WorkBudgetError(ValueError):
    """A valid configuration whose cost exceeds the budget of the engine asked for."""


@dataclass(frozen=True)
class Budget:
    """Upper limits of one simulation request.

    Attributes:
        name: "interactive" (the app) or "batch" (the command line), for provenance.
        monte_carlo_draws: points drawn by a Monte Carlo engine, e.g. M * G * R (~9 ns each).
        result_cells: R * (G + 1) cells per stored metric array (two float64 arrays are kept).
        pool_cells: points one block of replicates keeps (e.g. accumulate-subsample's pool).
        work_units: elementary updates a family estimates for a run (the categorical family:
            replicate x category x generation updates, ~50 ns each when every category is
            carried).
        held_cells: cells a run holds at once beyond its results (e.g. replicate x category
            tables).
    """

    name: str = "interactive"
    monte_carlo_draws: float = 1e8
    result_cells: float = 1e7
    pool_cells: float = 3e7
    work_units: float = 6e7  # ~3 s at the categorical family's measured worst case
    held_cells: float = 3e7

    def asdict(self) -> dict:
        return dataclasses.asdict(self)


INTERACTIVE = Budget()
# The command line runs unattended and may take minutes; memory stays the real limit.
BATCH = Budget(name="batch", monte_carlo_draws=2e10, result_cells=5e7, pool_cells=2e8, work_units=3e10,
               held_cells=4e8)


def fmt(x: float) -> str:
    return f"{x:,.0f}" if x < 1e6 else f"{x:.2g}"


def check_result_cells(cfg, budget: Budget, arrays: int = 2) -> None:
    """The generic limit on what a run stores: `arrays` (R, G + 1) arrays, at most two arrays'
    worth of `result_cells` in all."""
    per_array = cfg.replicates * (cfg.generations + 1)
    if arrays <= 2:
        cells, limit, what = per_array, budget.result_cells, "replicates x (generations + 1)"
    else:
        cells, limit = per_array * arrays, 2 * budget.result_cells
        what = f"replicates x (generations + 1) x {arrays} stored metrics"
    if cells > limit:
        raise WorkBudgetError(
            f"{what} = {fmt(cells)} result cells exceeds the budget of {fmt(limit)}; use fewer "
            "replicates or generations"
        )


def check(cfg, engine: str, budget: Budget = INTERACTIVE) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change (the family's
    own check, for the engine that would run)."""
    from collapse_core import families

    families.of(cfg).check_budget(cfg, engine=engine, budget=budget)
