"""The page batch budget: what a page may send to the Dask cluster when a run is over the
interactive budget (a heavy run in the background), and the cost shown before it starts.

Operators set it with $COLLAPSE_PAGE_BATCH_CPU_SECONDS (default 120 CPU-seconds per run) and
$COLLAPSE_PAGE_BATCH_MEMORY_GB (default 2 GB at the run's predicted peak). A value that is not
a positive number is ignored (the default holds).
"""

from __future__ import annotations

import dataclasses
import math
import os

from collapse_core.budget import INTERACTIVE, Budget, Cost

CPU_ENV = "COLLAPSE_PAGE_BATCH_CPU_SECONDS"
MEMORY_ENV = "COLLAPSE_PAGE_BATCH_MEMORY_GB"
DEFAULT_CPU_SECONDS = 120.0
DEFAULT_MEMORY_GB = 2.0


def _positive(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if math.isfinite(value) and value > 0 else default


def budget() -> Budget:
    """The page batch budget now (read from the environment on each call)."""
    return dataclasses.replace(
        INTERACTIVE,
        name="page batch",
        cpu_seconds=_positive(CPU_ENV, DEFAULT_CPU_SECONDS),
        peak_bytes=_positive(MEMORY_ENV, DEFAULT_MEMORY_GB) * 1e9,
        result_cells=INTERACTIVE.result_cells,
    )


def wall_seconds(cost: Cost, tasks: int, workers: int) -> float:
    """The predicted wall time: the CPU-seconds spread over the workers, but no faster than
    one task's share (a task runs on one worker)."""
    parallel = max(1, min(tasks, workers))
    per_task = cost.cpu_seconds / max(tasks, 1)
    return max(cost.cpu_seconds / parallel, per_task)


def describe(cost: Cost, tasks: int, workers: int) -> str:
    """'about 40 CPU-seconds on 2 workers: about 25 s'."""
    wall = wall_seconds(cost, tasks, workers)
    noun = "worker" if workers == 1 else "workers"
    cpu = f"{cost.cpu_seconds:,.1f}" if cost.cpu_seconds < 10 else f"{cost.cpu_seconds:,.0f}"
    return f"about {cpu} CPU-seconds on {workers} {noun}: about {max(wall, 1):,.0f} s"
