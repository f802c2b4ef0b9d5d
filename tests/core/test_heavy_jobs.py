"""Heavy runs on a Dask cluster: the merged result equals the single-process run and is stored;
Cancel and the last viewer leaving cancel the tasks not yet run (counted); one session's jobs
queue behind its running one while another session's start."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from collapse_core import BATCH, blocks, families, heavy_jobs, simulate
from collapse_core.result_store import ResultStore

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def _cfg(replicates: int, generations: int = 20, seed: int = 1):
    return families.all_families()["gaussian"].default_config(
        seed=seed, replicates=replicates, generations=generations, sample_size=200
    )


def _manager(client, tmp_path, **kw):
    return heavy_jobs.Manager(lambda: client, store=ResultStore(tmp_path, cap=10**9), poll=0.05, **kw)


def test_a_job_runs_on_the_cluster_and_is_stored(client, tmp_path):
    m = _manager(client, tmp_path)
    p = blocks.plan(_cfg(600), "monte-carlo")
    job = m.submit(p, "session-a")
    assert m.wait(job, 120) == heavy_jobs.DONE, job.error
    assert job.done == job.total == 3
    got = m.stored(p)
    whole = simulate(p.config, engine="monte-carlo", budget=BATCH)
    for key, value in whole.arrays.items():
        np.testing.assert_array_equal(got.arrays[key], value, err_msg=key)
    assert m.submit(p, "session-b") is not job  # a finished job is not run again by the manager...
    m.close()


def test_cancel_stops_the_tasks_not_yet_run(client, tmp_path):
    m = _manager(client, tmp_path)
    p = blocks.plan(_cfg(256 * 12, generations=60, seed=2), "monte-carlo")
    job = m.submit(p, "session-a")
    while job.done < 1 and job.active:
        threading.Event().wait(0.02)
    cancelled = m.cancel(job)
    assert job.state == heavy_jobs.CANCELLED
    # One task may be running on the single worker; every other unfinished one was cancelled.
    assert cancelled >= job.total - job.done - 1 >= 1
    assert sum(f.status == "cancelled" for f in job.futures) == cancelled
    assert m.stored(p) is None
    m.close()


class _FakeFuture:
    status = "pending"

    def done(self):
        return False


class _FakeClient:
    def __init__(self):
        self.submitted = 0

    def submit(self, *args, **kwargs):
        self.submitted += 1
        return _FakeFuture()

    def cancel(self, futures):
        pass


def test_one_session_waits_in_the_queue_while_another_starts(tmp_path):
    fake = _FakeClient()
    m = heavy_jobs.Manager(lambda: fake, store=ResultStore(tmp_path), per_owner=1, max_running=2, poll=0.05)
    a1 = m.submit(blocks.plan(_cfg(10, seed=1)), "a")
    a2 = m.submit(blocks.plan(_cfg(10, seed=2)), "a")
    b1 = m.submit(blocks.plan(_cfg(10, seed=3)), "b")
    assert (a1.state, a2.state, b1.state) == (heavy_jobs.RUNNING, heavy_jobs.QUEUED, heavy_jobs.RUNNING)
    assert m.position(a2) == 1 and m.position(a1) == 0
    m.cancel(a1)
    m._step()
    assert a2.state == heavy_jobs.RUNNING
    m.close()


def test_the_last_viewer_leaving_cancels_the_job(tmp_path):
    # Tasks that never finish (a stand-in client): the outcome depends on the viewers alone,
    # never on how fast a worker is.
    fake = _FakeClient()
    gone: set[str] = set()
    m = heavy_jobs.Manager(
        lambda: fake, store=ResultStore(tmp_path), alive=lambda v: v not in gone, poll=0.05
    )
    job = m.submit(blocks.plan(_cfg(256 * 3, seed=3)), "session-a")
    m.watch(job, "session-b")
    gone.add("session-a")
    assert m.wait(job, 0.5) == heavy_jobs.RUNNING  # one viewer is left
    gone.add("session-b")
    assert m.wait(job, 60) == heavy_jobs.CANCELLED
    assert job.cancelled_tasks == fake.submitted == job.total == 3
    assert job.error == "nobody is watching it any more"
    m.close()
