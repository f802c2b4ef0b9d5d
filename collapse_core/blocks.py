"""A run split into tasks of whole stream blocks, so its pieces can run anywhere (a Dask worker,
another process) and the merged result equals the single-process run bit for bit.

Every family draws replicates in fixed blocks of STREAM_BLOCK, each block from its own child
stream of the seed (collapse_core/streams.py). A task is a run of a few consecutive blocks: the
same config with fewer replicates, drawn with `streams.first_block` set to the first block's
index, so each block gets the child stream it has in the whole run. Arrays with one row per
replicate are stacked in order (on their first axis, or their second: snapshots per generation,
then per replicate); the rest (snapshots of the first replicates, the generations
they were taken at) come from the task holding replicate 0.

    plan = blocks.plan(cfg)              # engine chosen and budget checked on the whole run
    parts = [blocks.run_task(plan, t) for t in plan.tasks]
    res = blocks.merge(plan, parts)      # == simulate(cfg) array for array
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from collapse_core import families, streams
from collapse_core.budget import BATCH, Budget
from collapse_core.result import Result


@dataclass(frozen=True)
class Task:
    """Replicates [start, stop) of the whole run: stream blocks first_block, first_block + 1..."""

    index: int
    first_block: int
    start: int
    stop: int

    @property
    def replicates(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True)
class Plan:
    """A run of `config` (seed set) with `engine` (the one that runs), cut into `tasks`."""

    config: object
    engine: str
    reason: str
    tasks: tuple[Task, ...]
    budget: Budget
    extra: tuple = ()  # family keyword arguments, as sorted (name, value) pairs


def plan(cfg, engine: str = "auto", budget: Budget = BATCH, blocks_per_task: int = 1, **extra) -> Plan:
    """Choose the engine and check the budget for the whole run (WorkBudgetError, ValueError
    as simulate() raises them), then cut it into tasks of `blocks_per_task` stream blocks."""

    fam = families.of(cfg)
    if engine not in fam.engines:
        raise ValueError(
            f"engine must be one of {', '.join(fam.engines)} for the {fam.name} family; got {engine!r}"
        )
    if isinstance(blocks_per_task, bool) or not isinstance(blocks_per_task, int) or blocks_per_task < 1:
        raise ValueError(f"blocks_per_task must be a positive integer; got {blocks_per_task!r}")
    name, reason = fam.choose_engine(cfg, engine)
    fam.check_budget(cfg, engine=name, budget=budget)
    if cfg.seed is None:
        cfg = dataclasses.replace(cfg, seed=streams.fresh_seed())
    slices = streams.block_slices(cfg.replicates)
    tasks = []
    for i, first in enumerate(range(0, len(slices), blocks_per_task)):
        last = slices[min(first + blocks_per_task, len(slices)) - 1]
        tasks.append(Task(i, first, slices[first].start, last.stop))
    return Plan(cfg, name, reason, tuple(tasks), budget, tuple(sorted(extra.items())))


def run_task(p: Plan, task: Task | int, chunk: int | None = None) -> Result:
    """One task of the plan, in this process: the replicates of its blocks only."""
    if isinstance(task, int):
        task = p.tasks[task]
    fam = families.of(p.config)
    part = dataclasses.replace(p.config, replicates=task.replicates)
    with streams.first_block(task.first_block):
        return fam.run(part, p.engine, p.reason, chunk=chunk, **dict(p.extra))


def merge(p: Plan, parts: Iterable[Result]) -> Result:
    """The whole run's Result from its tasks' results, in task order."""
    parts = list(parts)
    if len(parts) != len(p.tasks):
        raise ValueError(f"a plan of {len(p.tasks)} tasks needs as many results; got {len(parts)}")
    first = parts[0]
    arrays = {}
    for key in first.arrays:
        values = [np.asarray(r.arrays[key]) for r in parts]
        axis = _replicate_axis(values, p.tasks)
        arrays[key] = values[0] if axis is None or len(parts) == 1 else np.concatenate(values, axis=axis)
    return dataclasses.replace(first, config=p.config, arrays=arrays, budget=p.budget, _cache={})


def _replicate_axis(values: list[np.ndarray], tasks) -> int | None:
    """The axis holding one row per replicate: 0 (metrics, per-replicate tables) or 1 (per
    snapshot generation, then per replicate); None for an array shared by the run or of its
    first replicates only, taken from the first task."""
    for axis in (0, 1):
        if all(v.ndim > axis and v.shape[axis] == t.replicates for v, t in zip(values, tasks, strict=True)):
            return axis
    return None


def simulate_split(
    cfg,
    engine: str = "auto",
    budget: Budget = BATCH,
    *,
    blocks_per_task: int = 1,
    run_all: Callable[[Plan], list[Result]] | None = None,
    **extra,
) -> Result:
    """simulate(), run as tasks: `run_all(plan)` returns the tasks' results in order (default:
    one after another in this process)."""
    p = plan(cfg, engine, budget, blocks_per_task, **extra)
    parts = run_all(p) if run_all is not None else [run_task(p, t) for t in p.tasks]
    return merge(p, parts)
