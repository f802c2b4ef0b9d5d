"""`simulate --scheduler`: one run's tasks of stream blocks (collapse_core/blocks.py) on a
Dask cluster (a local one of `workers` processes, or a scheduler address), merged into the
result the single-process run gives, bit for bit."""

from __future__ import annotations

from collapse_core import blocks
from collapse_core.budget import BATCH, Budget
from collapse_core.result import Result


def simulate_on(
    cfg, scheduler: str, engine: str = "auto", budget: Budget = BATCH, workers: int = 2
) -> Result:
    """simulate(cfg) with its tasks run through `scheduler` ("serial", "local" or an address)."""
    from collapse_core.sweep.runner import dask_client, resolve_scheduler

    scheduler = resolve_scheduler(scheduler)
    if scheduler == "serial":
        return blocks.simulate_split(cfg, engine, budget)

    def run_all(p: blocks.Plan) -> list[Result]:
        with dask_client(scheduler, workers) as client:
            futures = [client.submit(blocks.run_task, p, t, pure=False) for t in p.tasks]
            try:
                return client.gather(futures)
            finally:
                client.cancel(futures)

    return blocks.simulate_split(cfg, engine, budget, run_all=run_all)
