"""Heavy runs in the background on a Dask cluster, shared by every session of a server.

A job is one run over the interactive budget: its plan's tasks (collapse_core/blocks.py) are
submitted to the cluster, their results merged and written to the result store, where every
later visitor finds them. The same run asked for twice is one job, watched by both.

Fair sharing: a session (an `owner`) has at most PER_OWNER jobs running; more wait in a
first-come-first-served queue, as do all jobs beyond MAX_RUNNING server-wide; the queue
position is shown. A job is cancelled by Cancel, or when none of its viewers is alive any more
(`alive(viewer)` says; the app asks Streamlit whether the session is still connected).
Cancelling cancels the tasks not yet finished (a task already running on a worker finishes
its block; its result is dropped).

The cluster: $COLLAPSE_DASK_SCHEDULER (a scheduler address, the same variable as the sweeps),
else a local cluster of $COLLAPSE_DASK_WORKERS (default: the cores less one) single-threaded
worker processes,
started on first use, once per server, its workers at idle CPU priority (SCHED_IDLE, and
niced) so that light reruns keep their latency. dask.distributed is imported lazily, here only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from collapse_core import blocks, result_store
from collapse_core.result import Result

WORKERS_ENV = "COLLAPSE_DASK_WORKERS"
SCHEDULER_ENV = "COLLAPSE_DASK_SCHEDULER"
PER_OWNER = 1  # running jobs per session
MAX_RUNNING = 2  # running jobs per server
POLL = 0.2  # seconds between the manager's looks at the jobs
WORKER_NICE = 10  # the local workers' niceness: below the server's script threads

QUEUED, RUNNING, DONE, CANCELLED, FAILED = "queued", "running", "done", "cancelled", "failed"
MERGING = "merging"  # every task finished; one thread gathers, merges and stores


@dataclass
class Job:
    key: str
    plan: blocks.Plan
    owner: str
    viewers: set = field(default_factory=set)
    state: str = QUEUED
    done: int = 0
    futures: list = field(default_factory=list)
    cancelled_tasks: int = 0
    error: str = ""
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None

    @property
    def total(self) -> int:
        return len(self.plan.tasks)

    @property
    def active(self) -> bool:
        return self.state in (QUEUED, RUNNING, MERGING)


def default_workers() -> int:
    """One core left to the server: on 2 cores, 2 busy workers made the light reruns' p95
    2.2x as long, 1 worker 1.1x (bench/heavy_runs.py)."""
    return max(1, (os.cpu_count() or 2) - 1)


def workers_from_env() -> int:
    """$COLLAPSE_DASK_WORKERS (1 to 64), else default_workers()."""
    try:
        n = int(os.environ.get(WORKERS_ENV, ""))
    except ValueError:
        return default_workers()
    return n if 1 <= n <= 64 else default_workers()


class LowerPriority:
    """A worker plugin: the local cluster's workers yield the CPU to the server's sessions."""

    name = "collapse-lower-priority"

    def setup(self, worker) -> None:
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICE)
        # Idle scheduling where the OS has it: a worker runs only on CPU nobody else wants.
        if hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
            with contextlib.suppress(OSError):
                os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def _local_client(n_workers: int, lower_priority: bool = True):
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin

    from collapse_core.sweep.worker_setup import KeepFreedMemory

    class _Nice(LowerPriority, WorkerPlugin):
        pass

    cluster = LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = Client(cluster, timeout=30)
    client.register_plugin(KeepFreedMemory())
    if lower_priority:
        client.register_plugin(_Nice())
    return client


def connect(address: str | None = None, n_workers: int | None = None, lower_priority: bool = True):
    """A dask.distributed Client: to `address` (or $COLLAPSE_DASK_SCHEDULER) after a probe that
    fails fast with a one-line SchedulerError, else a new local cluster (its workers niced
    unless `lower_priority` is False)."""
    from distributed import Client

    from collapse_core.sweep.runner import CONNECT_TIMEOUT, SchedulerError, _short, probe_scheduler

    address = address or os.environ.get(SCHEDULER_ENV) or None
    if address in (None, "", "local"):
        return _local_client(n_workers or workers_from_env(), lower_priority)
    probe_scheduler(address, CONNECT_TIMEOUT)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except Exception as exc:
        raise SchedulerError(f"cannot connect to the scheduler at {address}: {_short(exc)}") from None


class Manager:
    """The server's heavy jobs. `client_factory()` makes the Dask client on first use;
    `alive(viewer)` says whether a viewer (a session id) is still there."""

    def __init__(
        self,
        client_factory: Callable[[], object] = connect,
        *,
        alive: Callable[[str], bool] = lambda viewer: True,
        store: result_store.ResultStore | None = None,
        per_owner: int = PER_OWNER,
        max_running: int = MAX_RUNNING,
        poll: float = POLL,
    ):
        self._factory = client_factory
        self._owns_client = client_factory is connect  # a client handed in is its caller's to close
        self.alive = alive
        self._store = store
        self.per_owner = per_owner
        self.max_running = max_running
        self.poll = poll
        self.jobs: dict[str, Job] = {}
        self._queue: list[str] = []
        self._lock = threading.RLock()
        self._client = None
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def store(self) -> result_store.ResultStore:
        return self._store if self._store is not None else result_store.ResultStore()

    def client(self):
        with self._lock:
            if self._client is None:
                self._client = self._factory()
            return self._client

    def workers(self) -> int:
        """Worker threads of the cluster (for the time estimate); 1 if it is not up yet."""
        if self._client is None:
            return workers_from_env() if not os.environ.get(SCHEDULER_ENV) else 1
        try:
            return max(1, sum(self._client.nthreads().values()))
        except Exception:
            return 1

    def stored(self, plan: blocks.Plan) -> Result | None:
        return self.store.get(plan.config, plan.engine)

    def submit(self, plan: blocks.Plan, owner: str) -> Job:
        """The job for plan (a new one queued, or the one already running it), owner watching."""
        key = result_store.key(plan.config, plan.engine)
        with self._lock:
            job = self.jobs.get(key)
            if job is None or not job.active:
                job = Job(key, plan, owner)
                self.jobs[key] = job
                self._queue.append(key)
            job.viewers.add(owner)
            self._ensure_thread()
        self._step()
        return job

    def find(self, plan: blocks.Plan) -> Job | None:
        with self._lock:
            return self.jobs.get(result_store.key(plan.config, plan.engine))

    def watch(self, job: Job, viewer: str) -> None:
        with self._lock:
            job.viewers.add(viewer)

    def position(self, job: Job) -> int:
        """0 once running (or finished); else the job's place in the queue, from 1."""
        with self._lock:
            return self._queue.index(job.key) + 1 if job.key in self._queue else 0

    def cancel(self, job: Job, why: str = "cancelled") -> int:
        """Cancel the job's unfinished tasks; how many were cancelled."""
        with self._lock:
            if not job.active or job.state == MERGING:
                return 0
            pending = [f for f in job.futures if not f.done()]
            if pending:
                with contextlib.suppress(Exception):
                    self.client().cancel(pending)
            job.cancelled_tasks = len(pending) + (job.total - len(job.futures))
            job.state, job.error, job.finished = CANCELLED, why, time.monotonic()
            if job.key in self._queue:
                self._queue.remove(job.key)
            return job.cancelled_tasks

    def _running(self, owner: str | None = None) -> int:
        return sum(
            1 for j in self.jobs.values() if j.state == RUNNING and (owner is None or j.owner == owner)
        )

    def _start(self, job: Job) -> None:
        from collapse_core.blocks import run_task

        client = self.client()
        token = uuid.uuid4().hex[:8]
        job.futures = [
            client.submit(run_task, job.plan, t, key=f"heavy-{token}-{t.index}", pure=False)
            for t in job.plan.tasks
        ]
        job.state, job.started = RUNNING, time.monotonic()

    def _finish(self, job: Job) -> None:
        try:
            parts = [f.result() for f in job.futures]
            res = blocks.merge(job.plan, parts)
            self.store.put(res)
        except Exception as exc:  # shown on the page; the run can be asked for again
            job.state, job.error = FAILED, f"{type(exc).__name__}: {exc}"
        else:
            job.state = DONE
        job.finished = time.monotonic()
        job.futures = []

    def _step(self) -> None:
        """One look at every job: progress, finished jobs, abandoned jobs, queue starts."""
        finish = []
        with self._lock:
            for job in list(self.jobs.values()):
                if not job.active:
                    continue
                if job.state == MERGING:
                    continue
                job.viewers = {v for v in job.viewers if self._is_alive(v)}
                if not job.viewers:
                    self.cancel(job, "nobody is watching it any more")
                    continue
                if job.state == RUNNING:
                    job.done = sum(1 for f in job.futures if f.status == "finished")
                    if any(f.status == "error" for f in job.futures):
                        job.done = job.total
                    if job.done == job.total:
                        job.state = MERGING  # claimed by this thread: merged once
                        finish.append(job)
            for key in list(self._queue):
                job = self.jobs[key]
                if self._running() >= self.max_running:
                    break
                if self._running(job.owner) >= self.per_owner:
                    continue
                self._queue.remove(key)
                try:
                    self._start(job)
                except Exception as exc:  # the cluster cannot be reached: said on the page
                    job.state, job.error, job.finished = FAILED, f"{exc}", time.monotonic()
        for job in finish:
            self._finish(job)

    def _is_alive(self, viewer: str) -> bool:
        try:
            return bool(self.alive(viewer))
        except Exception:
            return False

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="collapse-heavy-jobs", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._closed:
            with contextlib.suppress(Exception):
                self._step()
            with self._lock:
                if not any(j.active for j in self.jobs.values()):
                    self._thread = None
                    return
            time.sleep(self.poll)

    def wait(self, job: Job, timeout: float) -> str:
        """Block until the job is no longer queued or running (tests, the command line)."""
        end = time.monotonic() + timeout
        while job.active and time.monotonic() < end:
            time.sleep(self.poll / 2)
        return job.state

    def close(self) -> None:
        self._closed = True
        with self._lock:
            for job in self.jobs.values():
                self.cancel(job, "the server is stopping")
            if self._client is not None and self._owns_client:
                cluster = getattr(self._client, "cluster", None)
                with contextlib.suppress(Exception):
                    self._client.close()
                if cluster is not None:
                    with contextlib.suppress(Exception):
                        cluster.close()
            self._client = None
