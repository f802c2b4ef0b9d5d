"""Cooperative cancellation (collapse_core/cancel.py): every engine stops between generations
or chunks once the installed check says so, and nothing changes without a check."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from collapse_core import CategoricalConfig, GaussianConfig, cancel, simulate
from collapse_core.text.config import TextConfig

CASES = [
    (GaussianConfig(sample_size=50, generations=40, replicates=20, seed=3), "exact"),
    (GaussianConfig(sample_size=50, generations=40, replicates=20, seed=3, real_fraction=0.5), "exact"),
    (GaussianConfig(sample_size=50, generations=40, replicates=20, seed=3), "monte-carlo"),
    (GaussianConfig(sample_size=50, generations=40, replicates=20, seed=3, real_fraction=0.5), "monte-carlo"),
    (
        GaussianConfig(sample_size=10, generations=40, replicates=20, seed=3, regime="accumulate-subsample"),
        "monte-carlo",
    ),
    (CategoricalConfig(sample_size=100, generations=40, replicates=20, categories=50, seed=3), "exact"),
    (TextConfig(sample_size=500, generations=3, replicates=2, seed=3), "auto"),
]


class Counter:
    """A check that says stop after `after` calls, counting every call."""

    def __init__(self, after: int):
        self.after, self.calls = after, 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.calls > self.after


@pytest.mark.parametrize(("cfg", "engine"), CASES, ids=lambda c: getattr(c, "regime", c))
def test_engine_stops_when_told(cfg, engine):
    stop = Counter(after=0)
    with cancel.when(stop), pytest.raises(cancel.Cancelled):
        simulate(cfg, engine=engine)
    assert stop.calls == 1  # it stopped at the first check, before any more work


@pytest.mark.parametrize(("cfg", "engine"), CASES[:3] + CASES[5:6], ids=lambda c: getattr(c, "regime", c))
def test_a_check_that_never_fires_changes_nothing(cfg, engine):
    plain = simulate(cfg, engine=engine)
    never = Counter(after=10**9)
    with cancel.when(never):
        checked = simulate(cfg, engine=engine)
    assert never.calls >= 1
    for name, arr in plain.arrays.items():
        np.testing.assert_array_equal(arr, checked.arrays[name])


def test_check_is_per_thread_and_removed_after_the_block():
    cancel.check()  # nothing installed: no effect
    with cancel.when(lambda: True):
        seen = []
        t = threading.Thread(target=lambda: seen.append(simulate(CASES[0][0], engine="exact")))
        t.start()
        t.join()
        assert seen, "another thread's run must not see this thread's check"
        with pytest.raises(cancel.Cancelled):
            cancel.check()
    cancel.check()
