"""Sweeps on dask.distributed: a LocalCluster started here (1 and 2 worker processes give the
serial results exactly), and a separately started `dask scheduler` + `dask worker` pair on
127.0.0.1 (free ports chosen by the OS, bounded timeouts) addressed by the command line's
--scheduler and by $COLLAPSE_DASK_SCHEDULER."""

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collapse_core.sweep import Axis, SweepSpec
from collapse_core.sweep.io import read_table
from collapse_core.sweep.runner import dask_client, run_sweep

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60

SPEC = SweepSpec(
    family="gaussian",
    base={"generations": 20, "replicates": 30},
    axes=(Axis("sample_size", (4, 16, 64)), Axis("real_fraction", (0.0, 0.5))),
    metrics=(("variance_ratio", "median"), ("mean_drift", "q95")),
    read=(5, 20),
    root_seed=11,
)
ARGV = [
    "--family",
    "gaussian",
    "--generations",
    "20",
    "--replicates",
    "30",
    "--vary",
    "sample_size=4,16,64",
    "--vary",
    "real_fraction=0,0.5",
    "--metric",
    "variance_ratio:median",
    "--metric",
    "mean_drift:q95",
    "--at-generation",
    "5,20",
    "--seed",
    "11",
    "--no-progress",
]


@pytest.fixture(scope="module")
def serial():
    return run_sweep(SPEC, scheduler="serial").table


def test_local_cluster_with_one_and_two_workers_matches_serial(serial):
    """One cluster started here: first one worker process, then scaled to two."""
    with dask_client("local", n_workers=1) as client:
        assert len(client.scheduler_info()["workers"]) == 1
        one = run_sweep(SPEC, client=client)
        client.cluster.scale(2)
        client.wait_for_workers(2, timeout=TIMEOUT)
        two = run_sweep(SPEC, client=client)
        ran_on = client.run(lambda: 1)  # both worker processes answer
        # the allocator setting reached the first worker and the one added by scaling
        applied = client.run(lambda: __import__("collapse_core.allocator").allocator._applied)
    assert len(ran_on) == 2
    assert list(applied.values()) == [platform.libc_ver()[0] == "glibc"] * 2
    for res in (one, two):
        assert res.cells_done == SPEC.n_cells and not res.interrupted
        assert res.table.equals(serial)


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COLLAPSE_DASK_SCHEDULER", None)
    return env


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@pytest.fixture(scope="module")
def external_cluster(tmp_path_factory):
    """`dask scheduler` and one `dask worker` as subprocesses on 127.0.0.1; yields the address."""
    tmp = tmp_path_factory.mktemp("dask")
    sched_file = tmp / "scheduler.json"
    procs = []
    try:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "dask",
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(sched_file),
                ],
                cwd=tmp,
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + TIMEOUT
        while not (sched_file.exists() and sched_file.stat().st_size):
            if time.monotonic() > deadline or procs[0].poll() is not None:
                pytest.fail("dask scheduler did not start")
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "dask",
                    "worker",
                    address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    "--death-timeout",
                    "30",
                ],
                cwd=tmp,
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        from distributed import Client

        with Client(address, timeout=TIMEOUT) as c:
            c.wait_for_workers(1, timeout=TIMEOUT)
        yield address
    finally:
        for p in reversed(procs):
            _stop(p)


def test_cli_on_external_scheduler(external_cluster, serial, tmp_path):
    out = tmp_path / "ext.parquet"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "collapse_core",
            "sweep",
            *ARGV,
            "--scheduler",
            external_cluster,
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
    )
    assert run.returncode == 0, run.stderr
    df, prov = read_table(out)
    assert prov["scheduler"] == f"address {external_cluster}" and prov["cells_done"] == SPEC.n_cells
    assert df["value"].tolist() == serial["value"].tolist()
    assert df["cell"].tolist() == serial["cell"].tolist()


def test_env_variable_addresses_the_cluster(external_cluster, serial, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DASK_SCHEDULER", external_cluster)
    res = run_sweep(SPEC, scheduler=None)
    assert res.scheduler == f"address {external_cluster}"
    assert res.table.equals(serial)
