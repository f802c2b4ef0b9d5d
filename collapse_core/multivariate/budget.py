"""Work budget of a multivariate run: estimated before anything is drawn.

Cost model (measured with bench/multivariate.py on one core, R = 256): each replicate x
generation costs about 4 + 4 d + 0.005 d^3 microseconds in the exact engine (batched Cholesky
products and the singular values the metrics need dominate at large d), whatever the sample
size. The Monte Carlo engine adds its points: M d numbers drawn and M d^2 multiply-adds for
the scatter, per replicate x generation.
"""

from __future__ import annotations

from collapse_core.budget import Budget, WorkBudgetError, check_result_cells, fmt
from collapse_core.multivariate.chain import STORED
from collapse_core.streams import STREAM_BLOCK

UNIT_NS = 50.0  # Budget.work_units are ~50 ns each


def step_microseconds(d: int) -> float:
    """Estimated cost of one replicate x generation of the exact engine, in microseconds."""
    return 4.0 + 4.0 * d + 0.005 * d**3


def work_units(cfg, engine: str) -> float:
    rg = cfg.replicates * cfg.generations
    units = rg * step_microseconds(cfg.dimension) * 1000.0 / UNIT_NS
    if engine == "monte-carlo":
        units += rg * cfg.sample_size * cfg.dimension**2 / UNIT_NS  # ~1 ns a multiply-add
    return units


def held_cells(cfg) -> float:
    """Numbers a run holds at once beyond its results: ~10 (R, d, d) arrays."""
    return 10.0 * cfg.replicates * cfg.dimension**2


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget, arrays=len(STORED))
    held = held_cells(cfg)
    if held > budget.held_cells:
        raise WorkBudgetError(
            f"replicates x dimension^2 x 10 = {fmt(held)} numbers held at once exceeds the budget of "
            f"{fmt(budget.held_cells)}; use fewer replicates or a smaller dimension"
        )
    if engine == "monte-carlo":
        _check_points(cfg, budget)
    units = work_units(cfg, engine)
    if units > budget.work_units:
        secs = units * UNIT_NS * 1e-9
        also = ""
        if engine == "monte-carlo" and cfg.regime != "accumulate-subsample":
            also = ", or the exact engine (its cost does not grow with the sample size)"
        raise WorkBudgetError(
            f"replicates x generations x the per-step cost at dimension {cfg.dimension} is about "
            f"{secs:,.0f} s of work, over the budget of {budget.work_units * UNIT_NS * 1e-9:,.0f} s; "
            f"use fewer replicates, fewer generations or a smaller dimension{also}"
        )


def _check_points(cfg, budget: Budget) -> None:
    draws = cfg.sample_size * cfg.generations * cfg.replicates * cfg.dimension
    if draws > budget.monte_carlo_draws:
        hint = (
            "use the exact engine (it covers this regime and its cost does not grow with the sample "
            "size), or fewer replicates"
            if cfg.regime != "accumulate-subsample"
            else "use fewer replicates, a smaller sample size or fewer generations"
        )
        raise WorkBudgetError(
            f"the Monte Carlo engine would draw sample_size x generations x replicates x dimension = "
            f"{fmt(draws)} numbers, over the budget of {fmt(budget.monte_carlo_draws)}; {hint}"
        )
    if cfg.regime == "accumulate-subsample":
        pool = min(cfg.replicates, STREAM_BLOCK) * cfg.sample_size * cfg.generations * cfg.dimension
        if pool > budget.pool_cells:
            raise WorkBudgetError(
                f"accumulate-subsample keeps every point: {fmt(pool)} stored numbers per block of "
                f"replicates exceeds the budget of {fmt(budget.pool_cells)}; use a smaller sample size, "
                "fewer generations, fewer replicates or a smaller dimension"
            )
