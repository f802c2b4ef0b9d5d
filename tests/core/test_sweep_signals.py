"""A sweep stopped by SIGTERM (timeout, systemd, a cluster scheduler) or by Ctrl-C twice, after
its first cells finished: a clean exit (128 + the first signal, no traceback) and valid
Parquet and CSV files holding exactly the cells that finished."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from collapse_core.sweep.io import read_table

ROOT = Path(__file__).resolve().parents[2]


def sweep(out: Path, scheduler: str) -> subprocess.Popen:
    # 60 Monte Carlo cells of a fraction of a second each: the signals land mid-sweep.
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "collapse_core",
            "sweep",
            "--family",
            "gaussian",
            "--generations",
            "200",
            "--replicates",
            "200",
            "--engine",
            "monte-carlo",
            "--vary",
            "sample_size=200:400:60",
            "--metric",
            "variance_ratio",
            "--scheduler",
            scheduler,
            "--workers",
            "1",
            "--seed",
            "1",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        # A shell that starts pytest in the background leaves SIGINT ignored (and an ignored
        # signal stays ignored across exec): give the sweep a terminal's default Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_cells(proc: subprocess.Popen, n: int) -> str:
    buf, deadline = "", time.monotonic() + 180
    while f"{n}/60" not in buf:  # tqdm's count on stderr
        assert time.monotonic() < deadline and proc.poll() is None, buf
        buf += os.read(proc.stderr.fileno(), 4096).decode()
    return buf


@pytest.mark.parametrize("scheduler", ["serial", "local"])
@pytest.mark.parametrize(
    "signals",
    [(signal.SIGTERM,), (signal.SIGINT, signal.SIGINT), (signal.SIGTERM, signal.SIGINT)],
    ids=["sigterm", "ctrl-c-twice", "sigterm-then-ctrl-c"],
)
def test_stopped_sweep_writes_the_finished_cells(signals, scheduler, tmp_path):
    out = tmp_path / "part.parquet"
    proc = sweep(out, scheduler)
    try:
        wait_for_cells(proc, 2)
        for i, sig in enumerate(signals):
            if i:
                time.sleep(0.3)  # the second lands while the first is being handled
            if proc.poll() is None:
                proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=15)
    assert proc.returncode == 128 + signals[0], err
    assert "Traceback" not in err and "interrupted:" in err, err
    df, prov = read_table(out)
    assert prov["interrupted"] is True and 2 <= prov["cells_done"] < 60
    assert df["cell"].nunique() == prov["cells_done"] == len(df)
    csv = pd.read_csv(out.with_suffix(".csv"))
    assert sorted(csv["cell"]) == sorted(df["cell"]) and csv["value"].notna().all()
