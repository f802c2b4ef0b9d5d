"""`pytest --busy-loops N`: run the session beside N processes that each burn one CPU core, to
check that tests wait for states rather than for time (`make test-under-load` runs the browser
layer beside two).

The loops start before the first test and are stopped after the last one (and at exit). Each
also stops by itself after --busy-seconds, or as soon as its parent pytest is gone, so a killed
session leaves nothing burning. A loop that died before the end makes the session fail: the run
would not have been under the load it claims.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import time

import pytest

# Spins until the deadline or until its parent (the pytest process) has gone.
_BURN = """
import os, sys, time
parent, end = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < end:
    for _ in range(200_000):
        n += 1
    if os.getppid() != parent:
        break
"""

_STATE_KEY = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("busy loops")
    group.addoption(
        "--busy-loops",
        type=int,
        default=0,
        metavar="N",
        help="run the session beside N CPU-burning processes (stopped at the end)",
    )
    group.addoption(
        "--busy-seconds",
        type=float,
        default=3600.0,
        metavar="S",
        help="each busy loop stops by itself after S seconds (default 3600)",
    )


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)


def pytest_configure(config: pytest.Config) -> None:
    n = config.getoption("busy_loops", 0)
    if not n or hasattr(config, "workerinput"):
        return
    seconds = config.getoption("busy_seconds")
    procs = [
        subprocess.Popen([sys.executable, "-c", _BURN, str(os.getpid()), str(seconds)]) for _ in range(n)
    ]
    atexit.register(_stop, procs)
    config.stash[_STATE_KEY] = {"procs": procs, "start": time.monotonic(), "seconds": seconds}


def pytest_report_header(config: pytest.Config) -> str | None:
    state = config.stash.get(_STATE_KEY, None)
    if state is None:
        return None
    pids = ", ".join(str(p.pid) for p in state["procs"])
    return f"busy loops: {len(state['procs'])} CPU-burning processes (pids {pids}), each for at most {state['seconds']:g} s"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash.get(_STATE_KEY, None)
    if state is None:
        return
    wall = time.monotonic() - state["start"]
    procs = state["procs"]
    alive = [p.poll() is None for p in procs]
    cpu = [_cpu_seconds(p.pid) for p in procs]
    _stop(procs)
    burned = ", ".join("?" if c is None else f"{c:.0f}" for c in cpu)
    state["summary"] = (
        f"busy loops: {sum(alive)} of {len(procs)} still burning after {wall:.0f} s; CPU-seconds each: {burned}"
    )
    if not all(alive) and wall < state["seconds"]:
        state["summary"] += " (a loop died early: this session was not under the load it claims)"
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash.get(_STATE_KEY, None)
    if state is not None and "summary" in state:
        terminalreporter.write_line(state["summary"])
