"""The server-wide limit on heavy runs (collapse_ui/cache.py): which runs count as heavy, the
first-come-first-served queue, and a heavy run cancelled when its script is stopped."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from collapse_core import BATCH, GaussianConfig, WorkBudgetError, simulate
from collapse_ui import cache

# Issue 16's link: 8-16 CPU-seconds; the calibrated budget refuses it interactively, and the
# cancellation tests run it (called past the budget check) because it takes that long.
HEAVY = GaussianConfig(
    sample_size=20,
    generations=5000,
    replicates=1000,
    regime="accumulate-subsample",
    real_fraction=0.5,
    seed=1,
)


def test_heaviness_comes_from_the_family_budget_check():
    assert not cache.is_heavy(GaussianConfig(seed=1))  # the page's defaults
    assert cache.is_heavy(
        GaussianConfig(
            sample_size=20,
            generations=1000,
            replicates=1000,
            regime="accumulate-subsample",
            real_fraction=0.5,
            seed=1,
        )
    )
    for over in (
        HEAVY,
        GaussianConfig(
            sample_size=50, generations=5000, replicates=1000, regime="accumulate-subsample", seed=1
        ),
    ):
        with pytest.raises(
            WorkBudgetError, match=r"CPU-seconds|memory"
        ):  # over the interactive budget: refused
            cache.is_heavy(over)


def test_gate_is_first_come_first_served_with_places():
    gate = cache.Gate(1)
    a, b, c = gate.join(), gate.join(), gate.join()
    assert gate.try_enter(b, 0) == 1  # a is first in the queue
    assert gate.try_enter(a, 0) is None
    assert gate.try_enter(b, 0) == 1  # a runs
    assert gate.try_enter(c, 0) == 2
    gate.leave(b)  # b's session ended while waiting
    gate.release()
    assert gate.try_enter(c, 0) is None
    assert gate.running == 1 and gate.waiting == []


class StoppingNote:
    """A placeholder whose second update raises what Streamlit raises in a stopped script."""

    def __init__(self):
        self.updates = 0

    def caption(self, _text):
        self.updates += 1
        if self.updates >= 2:
            raise StopException()

    def empty(self):
        pass


def test_a_stopped_script_cancels_its_heavy_run(monkeypatch):
    monkeypatch.setattr(cache.st, "empty", StoppingNote)
    # A run long enough to need cancelling is over the interactive budget now, so the worker
    # runs it under the batch budget: the gate and the cancellation are what is tested.
    monkeypatch.setattr(cache, "compute", lambda cfg, engine: simulate(cfg, engine=engine, budget=BATCH))
    gate = cache.Gate(1)
    monkeypatch.setattr(cache, "GATE", gate)
    workers_before = {t for t in threading.enumerate() if t.name == "collapse-heavy-run"}
    started = time.monotonic()
    with pytest.raises(StopException):
        cache._heavy(HEAVY, "auto")
    worker = next(
        t for t in threading.enumerate() if t.name == "collapse-heavy-run" and t not in workers_before
    )
    worker.join(timeout=30)
    # The full run takes tens of seconds; cancelled at its next generation it ends at once.
    assert not worker.is_alive(), "the heavy run kept going after its script stopped"
    assert time.monotonic() - started < 10
    assert gate.running == 0 and gate.waiting == []  # its slot is free again


def test_a_waiting_script_that_stops_leaves_the_queue(monkeypatch):
    monkeypatch.setattr(cache.st, "empty", StoppingNote)
    gate = cache.Gate(1)
    monkeypatch.setattr(cache, "GATE", gate)
    holder = gate.join()
    assert gate.try_enter(holder, 0) is None  # someone else's heavy run holds the only slot
    with pytest.raises(StopException):
        cache._heavy(HEAVY, "auto")
    assert gate.waiting == [] and gate.running == 1
