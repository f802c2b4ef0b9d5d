"""Work budgets: refuse, with a suggestion, requests too large for an interactive session.

A budget is stated in what a run costs the server: CPU-seconds and peak memory (plus the
stored result cells, a structural limit). Each family predicts the cost of a config before
anything is drawn with a cost model calibrated by measurement on this machine
(`<family>/budget.py`: predict(cfg, engine) -> Cost; re-measured by bench/budget_calibration.py),
and its own check (registered as Family.check_budget) says what to change when it is over.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass


class WorkBudgetError(ValueError):
    """A valid configuration whose cost exceeds the budget of the engine asked for."""


@dataclass(frozen=True)
class Budget:
    """Upper limits of one simulation request.

    Attributes:
        name: "interactive" (the app) or "batch" (the command line), for provenance.
        cpu_seconds: predicted CPU time of the run (one thread), in seconds.
        peak_bytes: the memory ceiling of one run: its predicted peak of allocations.
        result_cells: R * (G + 1) cells per stored metric array (two float64 arrays are kept).
    """

    name: str = "interactive"
    cpu_seconds: float = 3.0
    peak_bytes: float = 400e6
    result_cells: float = 1e7

    def asdict(self) -> dict:
        return dataclasses.asdict(self)


INTERACTIVE = Budget()
# The command line runs unattended and may take many minutes; memory stays the real limit.
BATCH = Budget(name="batch", cpu_seconds=3600.0, peak_bytes=4e9, result_cells=5e7)


@dataclass(frozen=True)
class Cost:
    """What one run is predicted to cost: CPU-seconds on one thread and peak bytes allocated."""

    cpu_seconds: float
    peak_bytes: float


@dataclass(frozen=True)
class CostModel:
    """A cost linear in named features of a config: cpu_seconds = sum(cpu[f] * x[f]) and
    peak_bytes = sum(peak[f] * x[f]). The feature "one" is the constant 1."""

    cpu: Mapping[str, float]
    peak: Mapping[str, float]

    def predict(self, x: Mapping[str, float]) -> Cost:
        x = {"one": 1.0, **x}
        return Cost(sum(c * x[f] for f, c in self.cpu.items()), sum(c * x[f] for f, c in self.peak.items()))


def fmt_bytes(b: float) -> str:
    return f"{b / 1e9:.1f} GB" if b >= 1e9 else f"{b / 1e6:,.0f} MB"


def check_cost(cost: Cost, budget: Budget, *, cpu_hint: str, memory_hint: str, why: str = "") -> None:
    """Refuse a run whose predicted cost is over the budget: the memory ceiling first (a run
    over it is refused whatever its time), then CPU. The hints say what to reduce."""
    if cost.peak_bytes > budget.peak_bytes:
        raise WorkBudgetError(
            f"this run would need about {fmt_bytes(cost.peak_bytes)} of memory at its peak{why}, over the "
            f"{budget.name} memory ceiling of {fmt_bytes(budget.peak_bytes)} per run; use {memory_hint}"
        )
    if cost.cpu_seconds > budget.cpu_seconds:
        raise WorkBudgetError(
            f"this run would take about {cost.cpu_seconds:,.1f} CPU-seconds{why}, over the {budget.name} "
            f"budget of {budget.cpu_seconds:,.0f} CPU-seconds; use {cpu_hint}"
        )


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


def predict(cfg, engine: str) -> Cost | None:
    """The predicted cost of running cfg with `engine` (the engine that runs), or None for a
    family without a cost model."""
    from collapse_core import families

    fam = families.of(cfg)
    return fam.cost(cfg, engine) if fam.cost is not None else None


def check(cfg, engine: str, budget: Budget = INTERACTIVE) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change (the family's
    own check, for the engine that would run)."""
    from collapse_core import families

    families.of(cfg).check_budget(cfg, engine=engine, budget=budget)
