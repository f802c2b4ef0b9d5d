"""The page batch budget from the operator's variables (bad values keep the default) and the
cost line shown before a background run starts."""

from __future__ import annotations

from collapse_core import heavy_jobs, page_batch
from collapse_core.budget import Cost


def test_defaults_and_the_operator_s_values(monkeypatch):
    monkeypatch.delenv(page_batch.CPU_ENV, raising=False)
    monkeypatch.delenv(page_batch.MEMORY_ENV, raising=False)
    b = page_batch.budget()
    assert (b.cpu_seconds, b.peak_bytes) == (120.0, 2e9)
    monkeypatch.setenv(page_batch.CPU_ENV, "600")
    monkeypatch.setenv(page_batch.MEMORY_ENV, "0.5")
    b = page_batch.budget()
    assert (b.cpu_seconds, b.peak_bytes, b.name) == (600.0, 5e8, "page batch")
    for bad in ("-1", "0", "nan", "inf", "lots"):
        monkeypatch.setenv(page_batch.CPU_ENV, bad)
        assert page_batch.budget().cpu_seconds == 120.0, bad


def test_the_cost_line():
    cost = Cost(cpu_seconds=40.0, peak_bytes=1e8)
    assert page_batch.describe(cost, tasks=4, workers=2) == "about 40 CPU-seconds on 2 workers: about 20 s"
    # One task runs on one worker, whatever the cluster's size.
    assert page_batch.describe(cost, tasks=1, workers=2) == "about 40 CPU-seconds on 2 workers: about 40 s"
    assert (
        page_batch.describe(Cost(3.25, 0), tasks=1, workers=1)
        == "about 3.2 CPU-seconds on 1 worker: about 3 s"
    )


def test_local_workers_leave_a_core_to_the_server(monkeypatch):
    monkeypatch.delenv(heavy_jobs.WORKERS_ENV, raising=False)
    monkeypatch.setattr(heavy_jobs.os, "cpu_count", lambda: 2)
    assert heavy_jobs.workers_from_env() == 1
    monkeypatch.setenv(heavy_jobs.WORKERS_ENV, "3")
    assert heavy_jobs.workers_from_env() == 3
    monkeypatch.setenv(heavy_jobs.WORKERS_ENV, "zero")
    assert heavy_jobs.workers_from_env() == 1
