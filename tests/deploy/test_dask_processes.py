"""A Dask scheduler and a worker started as separate processes (`dask scheduler`, `dask
worker`), as an operator runs them: the app, pointed at the scheduler by COLLAPSE_DASK_SCHEDULER,
runs a heavy page run through them, and `simulate --scheduler ADDRESS` gives the output of the
run in one process."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import _free_port, page_opener
from streamlit.testing.v1 import AppTest

from collapse_core import cli, heavy_jobs
from collapse_core.result_store import ResultStore
from collapse_ui import cache, heavy_run

ROOT = Path(__file__).resolve().parents[2]
DASK = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
pytestmark = pytest.mark.skipif(DASK is None, reason="the dask command is not installed")

open_page = page_opener("pages/gaussian.py")
QUERY = {"generations": "40", "replicates": "500", "sample_size": "100", "seed": "21"}


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this package
    procs = []
    try:
        procs.append(
            subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(logs / "scheduler.log", "w"),
            )
        )
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:  # the scheduler answers
            try:
                with Client(address, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or procs[0].poll() is not None:
                    raise
                time.sleep(0.3)
        procs.append(
            subprocess.Popen(
                [
                    DASK,
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--nworkers",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(logs / "worker.log", "w"),
            )
        )
        with Client(address, timeout=10) as c:
            c.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            with contextlib.suppress(Exception):
                _stop(proc)


def test_a_heavy_page_run_goes_through_the_scheduler(scheduler, monkeypatch, tmp_path):
    monkeypatch.setenv("COLLAPSE_DASK_SCHEDULER", scheduler)
    monkeypatch.setattr(cache, "INTERACTIVE", dataclasses.replace(cache.INTERACTIVE, cpu_seconds=1e-3))
    manager = heavy_jobs.Manager(
        store=ResultStore(tmp_path), poll=0.05
    )  # connects to $COLLAPSE_DASK_SCHEDULER
    monkeypatch.setattr(heavy_run, "MANAGER", manager)
    cache.run.clear()
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        open_page(app, **QUERY)
        app.button(key="heavy_run.start").click().run()
        assert not app.exception
        (job,) = manager.jobs.values()
        assert manager.wait(job, 180) == heavy_jobs.DONE, job.error
        assert job.total == 2
        client = manager.client()
        assert list(client.scheduler_info()["workers"])  # the separate worker process ran it
        assert client.scheduler.address == scheduler
        app.run()
        assert not app.exception and not app.error and app.get("plotly_chart")
    finally:
        manager.close()
        cache.run.clear()


def test_simulate_with_the_scheduler_address(scheduler, tmp_path):
    args = [
        "simulate",
        "--family",
        "gaussian",
        "--engine",
        "monte-carlo",
        "--replicates",
        "300",
        "--generations",
        "10",
        "--seed",
        "5",
    ]
    assert cli.main([*args, "--out", str(tmp_path / "a.json")]) == 0
    assert cli.main([*args, "--scheduler", scheduler, "--out", str(tmp_path / "b.json")]) == 0
    assert json.loads((tmp_path / "a.json").read_text()) == json.loads((tmp_path / "b.json").read_text())
