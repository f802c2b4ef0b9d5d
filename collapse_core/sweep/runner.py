"""Run a sweep's cells: serially, on a local Dask cluster of processes, or on an existing Dask
cluster addressed by its scheduler.

Each cell is one simulate() call with the cell's derived seed, reduced on the worker to the
rows of the tidy table (one row per metric x generation read); only those rows travel back.
dask.distributed and pandas are imported here, lazily, never by the rest of collapse_core.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from collapse_core.budget import BATCH, Budget
from collapse_core.run import simulate
from collapse_core.sweep.spec import SweepSpec

ENV_SCHEDULER = "COLLAPSE_DASK_SCHEDULER"
SCHEDULER_MODES = ("serial", "local")
DEFAULT_WORKERS = 2
CONNECT_TIMEOUT = 10.0  # seconds for a scheduler address to answer (--scheduler-timeout)
Z95 = 1.959963984540054
_QUANTILE = {"median": 0.5, "q05": 0.05, "q95": 0.95}


def resolve_scheduler(value: str | None) -> str:
    """ "serial", "local" or a scheduler address; None reads $COLLAPSE_DASK_SCHEDULER, then
    "local"."""
    value = value or os.environ.get(ENV_SCHEDULER) or "local"
    if value in SCHEDULER_MODES or "://" in value:
        return value
    raise ValueError(f"scheduler must be serial, local or an address like tcp://HOST:PORT; got {value!r}")


class SchedulerError(OSError):
    """A scheduler address that does not answer, or not as a Dask scheduler: one line."""

    def __str__(self) -> str:
        return str(self.args[0])


def _short(exc: BaseException, width: int = 160) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= width else text[:width] + "…"


def probe_scheduler(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Connect to `address` and ask for its identity, all within `timeout` seconds; raise
    SchedulerError (one line) if it does not answer in time, answers something other than a
    Dask scheduler, or is tls:// without Dask's TLS settings. A port that accepts and stays
    silent would otherwise hang the client for minutes."""
    import asyncio
    import concurrent.futures

    from distributed.comm import connect
    from distributed.security import Security

    try:
        args = Security().get_connection_args("client")
    except Exception as exc:  # a broken TLS setting in the Dask config
        raise SchedulerError(f"cannot use the Dask security settings for {address}: {_short(exc)}") from None
    if address.startswith("tls://") and args.get("ssl_context") is None:
        raise SchedulerError(
            f"{address}: tls:// needs Dask's TLS settings (distributed.comm.tls.ca-file, .client.cert, "
            ".client.key in the Dask config or DASK_DISTRIBUTED__COMM__TLS__* variables); none are set"
        )

    async def ask():
        comm = await connect(address, timeout=timeout, **args)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    def probe():
        return asyncio.run(asyncio.wait_for(ask(), timeout))

    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # the usual case: no event loop in this thread
            reply = probe()
        else:  # called from inside a running loop (a notebook, an async caller): a thread of its own
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                reply = pool.submit(probe).result()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # refused, unresolvable, silent, or bytes that are not Dask's protocol
        if isinstance(exc, TimeoutError) or "timed out" in str(exc).lower():
            raise SchedulerError(
                f"the scheduler at {address} did not answer within {timeout:g} s (--scheduler-timeout)"
            ) from None
        raise SchedulerError(f"{address} did not answer as a Dask scheduler ({_short(exc)})") from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise SchedulerError(f"{address} answered, but not as a Dask scheduler")


def interval(values: np.ndarray, statistic: str) -> tuple[np.ndarray, np.ndarray]:
    """95% Monte Carlo interval of a statistic across replicates (axis 0), per column.

    mean: mean +- 1.96 standard errors. Quantiles: the distribution-free order-statistic
    interval, ranks R q -+ 1.96 sqrt(R q (1 - q)) (normal approximation to the binomial
    count below the quantile), clipped to the sample. With one replicate: NaN (mean) or the
    value itself (quantiles).
    """
    r = values.shape[0]
    if statistic == "mean":
        if r < 2:
            nan = np.full(values.shape[1:], np.nan)
            return nan, nan
        se = values.std(axis=0, ddof=1) / math.sqrt(r)
        m = values.mean(axis=0)
        return m - Z95 * se, m + Z95 * se
    q = _QUANTILE[statistic]
    half = Z95 * math.sqrt(r * q * (1 - q))
    lo = min(max(math.floor(r * q - half), 0), r - 1)
    hi = min(max(math.ceil(r * q + half), 0), r - 1)
    part = np.partition(values, (lo, hi), axis=0)
    return part[lo], part[hi]


def cell_rows(
    spec: SweepSpec | dict, index: int, seed: int | None = None, budget: Budget = BATCH
) -> list[dict]:
    """Run cell `index` (one simulate() call) and reduce it to its rows of the tidy table."""
    if isinstance(spec, dict):
        spec = SweepSpec.from_dict(spec)
    cell = spec.cell(index, seed)
    res = simulate(cell.config, engine=spec.engine, budget=budget)
    gens = spec.read_generations(res.config)
    rows = []
    # The same summary a single simulate() call's Result.summary() gives, so a cell equals it.
    summ = res.summary(tuple(dict.fromkeys(m for m, _ in spec.metrics)))
    for metric, stat in spec.metrics:
        values = res.metric(metric)
        point = summ[metric][stat][gens]
        lo, hi = interval(values[:, gens], stat)
        for j, g in enumerate(gens):
            rows.append(
                {
                    "cell": index,
                    **cell.values,
                    "seed": cell.seed,
                    "metric": metric,
                    "statistic": stat,
                    "generation": g,
                    "value": float(point[j]),
                    "ci_low": float(lo[j]),
                    "ci_high": float(hi[j]),
                    "replicates": res.config.replicates,
                    "engine": res.engine,
                }
            )
    return rows


@contextlib.contextmanager
def _workers_ignore_sigint():
    """Start worker processes with SIGINT ignored (the disposition survives their exec), so a
    Ctrl-C at the terminal, sent to the whole process group, reaches only this process, which
    then cancels the cells and closes the cluster itself, without a traceback per worker."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


@contextlib.contextmanager
def dask_client(
    scheduler: str = "local",
    n_workers: int = DEFAULT_WORKERS,
    timeout: float = 20,
    connect_timeout: float = CONNECT_TIMEOUT,
):
    """A dask.distributed Client: a LocalCluster of `n_workers` processes (one thread each)
    for "local", else connected to the scheduler at that address, which must answer within
    `connect_timeout` seconds (SchedulerError otherwise). Closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        with _workers_ignore_sigint():
            cluster = LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        client = Client(cluster, timeout=timeout)
        from collapse_core.sweep.worker_setup import KeepFreedMemory

        client.register_plugin(KeepFreedMemory())
        try:
            yield client
        finally:
            client.close()
            cluster.close()
    else:
        probe_scheduler(scheduler, connect_timeout)
        try:
            client = Client(scheduler, timeout=connect_timeout)
        except Exception as exc:
            raise SchedulerError(f"cannot connect to the scheduler at {scheduler}: {_short(exc)}") from None
        try:
            yield client
        finally:
            client.close()


def iter_cells(
    spec: SweepSpec,
    *,
    scheduler: str | None = "local",
    n_workers: int = DEFAULT_WORKERS,
    client=None,
    indices: Iterable[int] | None = None,
    budget: Budget = BATCH,
    grid_budget: Budget | None = BATCH,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> Iterator[tuple[int, list[dict]]]:
    """Yield (cell index, rows) as cells finish. Every cell is checked (config, engine, work
    budget per cell, and the whole grid's CPU-seconds against `grid_budget`) before any runs. With a `client`, it is used and left open; otherwise "serial"
    runs in this process and "local" / an address opens (and closes) a Dask client. Closing
    the iterator early cancels the cells not yet finished."""
    spec.validate_cells(budget, grid=grid_budget)
    seeds = spec.seeds()
    todo = list(range(spec.n_cells) if indices is None else indices)
    if client is None:
        scheduler = resolve_scheduler(scheduler)
    if client is None and scheduler == "serial":
        for i in todo:
            yield i, cell_rows(spec, i, seeds[i], budget)
        return
    ctx = (
        contextlib.nullcontext(client)
        if client is not None
        else dask_client(scheduler, n_workers, connect_timeout=connect_timeout)
    )
    with ctx as c:
        from distributed import as_completed

        payload = spec.asdict()
        token = uuid.uuid4().hex[:8]
        futures = [
            c.submit(cell_rows, payload, i, seeds[i], budget, key=f"sweep-{token}-{i}", pure=False)
            for i in todo
        ]
        where = {f.key: i for f, i in zip(futures, todo, strict=True)}
        try:
            for fut in as_completed(futures):
                yield where[fut.key], fut.result()
        finally:
            c.cancel(futures)


@dataclass
class SweepResult:
    """A sweep's tidy table (one row per cell x metric x generation read) and its provenance.

    interrupted: the run stopped early (Ctrl-C); the table holds the cells that finished.
    """

    spec: SweepSpec
    rows: list[dict]
    cells_done: int
    interrupted: bool = False
    elapsed: float = 0.0
    scheduler: str = "serial"
    _frame: object = field(default=None, repr=False)

    @property
    def table(self):
        import pandas as pd

        if self._frame is None:
            cols = [
                "cell",
                *self.spec.fields,
                "seed",
                "metric",
                "statistic",
                "generation",
                "value",
                "ci_low",
                "ci_high",
                "replicates",
                "engine",
            ]
            df = pd.DataFrame(self.rows, columns=cols)
            self._frame = df.sort_values(
                ["cell", "metric", "statistic", "generation"], kind="stable", ignore_index=True
            )
        return self._frame

    @property
    def provenance(self) -> dict:
        return provenance(
            self.spec,
            cells_done=self.cells_done,
            interrupted=self.interrupted,
            scheduler=self.scheduler,
            elapsed=self.elapsed,
        )

    def write(self, path) -> list[str]:
        """Write the table as Parquet and CSV (whichever `path` names, plus the other beside
        it) and the provenance as `<stem>.provenance.json`; Parquet also carries it in its
        schema metadata (key b"collapse_sweep"). Returns the paths written."""
        from collapse_core.sweep.io import write_table

        return write_table(self.table, self.provenance, path)


def provenance(spec: SweepSpec, **extra) -> dict:
    """The core's provenance block for the base configuration and the root seed, plus the sweep
    spec and how it ran."""
    from collapse_core.provenance import block
    from collapse_core.result import json_ready

    try:
        base = spec.fam.config(**spec.base, seed=spec.root_seed)
    except ValueError:  # the base alone may be invalid where every cell is not: cell 0 stands in
        base = spec.cell(0).config
    out = block(base, seed=spec.root_seed, engine=spec.engine, budget=BATCH)
    out["sweep"] = spec.asdict()
    try:
        import dask
        import distributed

        out["dask"] = dask.__version__
        out["distributed"] = distributed.__version__
    except ImportError:  # pragma: no cover - serial runs need no dask
        pass
    out.update(extra)
    return json_ready(out)


def run_sweep(
    spec: SweepSpec,
    *,
    scheduler: str | None = "local",
    n_workers: int = DEFAULT_WORKERS,
    client=None,
    budget: Budget = BATCH,
    grid_budget: Budget | None = BATCH,
    connect_timeout: float = CONNECT_TIMEOUT,
    on_cell: Callable[[int, list[dict], int], None] | None = None,
) -> SweepResult:
    """Run every cell and gather the table. on_cell(index, rows, cells done so far) is called
    as each cell finishes. Ctrl-C (KeyboardInterrupt) stops cleanly: the cells already
    finished are kept and the result is marked interrupted."""
    mode = "client" if client is not None else resolve_scheduler(scheduler)
    rows: list[dict] = []
    done = 0
    interrupted = False
    t0 = time.perf_counter()
    it = iter_cells(
        spec,
        scheduler=mode if client is None else None,
        n_workers=n_workers,
        client=client,
        budget=budget,
        grid_budget=grid_budget,
        connect_timeout=connect_timeout,
    )
    try:
        for index, cell in it:
            rows.extend(cell)
            done += 1
            if on_cell is not None:
                on_cell(index, cell, done)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        with contextlib.suppress(Exception, KeyboardInterrupt):
            it.close()
    return SweepResult(
        spec,
        rows,
        done,
        interrupted,
        time.perf_counter() - t0,
        mode if mode in (*SCHEDULER_MODES, "client") else f"address {mode}",
    )
