"""First use of the registries (and the core's other made-once state) from many threads at once.

A server that restarts while a class opens the link runs its first `simulate()`, preset lookup
and page list on many script threads at the same moment. Every registry must then be filled
completely before any reader sees it: no exception, and no thread sees fewer entries than the
finished registry holds. The race needs a fresh interpreter (an already loaded registry hides
it), so each round runs in a subprocess; several rounds, because one race can go the right way.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from collapse_core import allocator, summary

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 5
THREADS = 16

# The child: import the packages (which must not load the registries), release THREADS threads
# at once on first use, then compare what each thread saw with the finished registries.
CHILD = r"""
import json, sys, threading

from collapse_core import families, presets, simulate
from collapse_core.categorical.config import CategoricalConfig
from collapse_core.gaussian.config import GaussianConfig
from collapse_core.kde.config import KDEConfig
from collapse_core.mixture.config import MixtureConfig
from collapse_core.multivariate.config import MultivariateConfig
from collapse_core.regression.config import RegressionConfig
from collapse_ui import registry
from collapse_ui.exporting import pages as export_registry

THREADS = int(sys.argv[1])
# First use must still be ahead: no built-in family or page module is imported yet.
already = [m for m in (*families.BUILTIN, *registry.BUILTIN) if m in sys.modules]

small = dict(generations=2, replicates=2, seed=1)
configs = [GaussianConfig(**small), CategoricalConfig(**small), MultivariateConfig(**small),
           MixtureConfig(**small), KDEConfig(**small), RegressionConfig(**small)]


def run_config(cfg):
    return ("simulate", type(cfg).__name__, simulate(cfg).config == cfg)


TASKS = [lambda c=c: run_config(c) for c in configs] + [
    lambda: ("families", tuple(families.names())),
    lambda: ("presets", tuple(presets.PRESETS)),
    lambda: ("preset", presets.get("paper-gaussian").family),
    lambda: ("nav", tuple(p.name for p in registry.nav_pages())),
    lambda: ("page", registry.get("kde").name),
    lambda: ("export", tuple(export_registry.PAGES)),
    lambda: ("for_family", tuple(presets.for_family("categorical"))),
    lambda: ("of", families.of(CategoricalConfig(**small)).name),
]
barrier = threading.Barrier(THREADS)
seen, errors = [], []


def work(i):
    try:
        barrier.wait(timeout=60)
        seen.append(TASKS[i % len(TASKS)]())
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])


threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)
hung = sum(t.is_alive() for t in threads)

final = {
    "families": tuple(families.names()), "presets": tuple(presets.PRESETS), "preset": "gaussian",
    "nav": tuple(p.name for p in registry.nav_pages()), "page": "kde",
    "export": tuple(export_registry.PAGES), "for_family": tuple(presets.for_family("categorical")),
    "of": "categorical",
}
wrong = []
for item in seen:
    if item[0] == "simulate":
        if not item[2]:
            wrong.append(f"simulate({item[1]}) returned another config")
    elif item[1] != final[item[0]]:
        wrong.append(f"{item[0]}: saw {item[1]!r}, finished registry has {final[item[0]]!r}")
print(json.dumps({"already": already, "errors": errors, "wrong": wrong, "hung": hung,
                  "done": len(seen), "families": len(final["families"]), "pages": len(final["nav"])}))
"""


def _round() -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(THREADS)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_first_use_from_many_threads_sees_whole_registries():
    rounds = [_round() for _ in range(ROUNDS)]
    # The test is only meaningful when the threads, not the imports, did the first load.
    assert all(not r["already"] for r in rounds), [r["already"] for r in rounds]
    assert all(r["families"] >= 8 and r["pages"] >= 10 for r in rounds), rounds
    failed = [r for r in rounds if r["errors"] or r["wrong"] or r["hung"] or r["done"] != THREADS]
    assert not failed, (
        f"{len(failed)} of {ROUNDS} fresh interpreters saw a half-filled registry: "
        + json.dumps(failed)[:3000]
    )


def _at_once(fn, n: int = THREADS) -> list:
    """fn() on n threads released together; returns their results (raises the first error)."""
    barrier, out, errors = threading.Barrier(n), [], []

    def work():
        try:
            barrier.wait(timeout=30)
            out.append(fn())
        except Exception as exc:  # collected: a thread's exception would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    if errors:
        raise errors[0]
    return out


def test_summary_pool_is_made_once_when_threads_ask_together(monkeypatch):
    made = []

    class SlowPool(ThreadPoolExecutor):
        # A slow constructor widens the window in which a second thread could make its own.
        def __init__(self, *args, **kwargs):
            made.append(self)
            time.sleep(0.02)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(summary, "ThreadPoolExecutor", SlowPool)
    monkeypatch.setattr(summary, "_pool", None)
    monkeypatch.setattr(summary, "_pool_pid", None)
    try:
        got = _at_once(summary.pool)
        assert len(made) == 1 and all(p is made[0] for p in got), f"{len(made)} pools made"
    finally:
        for p in made:
            p.shutdown(wait=False)


def test_allocator_settings_are_applied_once_when_threads_ask_together(monkeypatch):
    calls = []

    def slow_set():
        calls.append(1)
        time.sleep(0.02)
        return True

    monkeypatch.setattr(allocator, "_set", slow_set)
    monkeypatch.setattr(allocator, "_applied", None)
    monkeypatch.delenv("COLLAPSE_DEFAULT_MALLOC", raising=False)
    assert _at_once(allocator.keep_freed_memory) == [True] * THREADS
    assert len(calls) == 1, f"mallopt applied {len(calls)} times"


# The child: the first load fails half-way (a module that cannot be imported, listed second);
# once the list is mended, the next use must load everything rather than keep the half.
FAILED_LOAD_CHILD = r"""
import json
from collapse_core import families
from collapse_ui import registry

out = {}
for name, reg, read in (("families", families, families.names),
                        ("pages", registry, lambda: tuple(p.name for p in registry.nav_pages()))):
    builtin = reg.BUILTIN
    reg.BUILTIN = (builtin[0], "collapse_core.no_such_module", *builtin[1:])
    try:
        read()
        first = "loaded"
    except ImportError as exc:
        first = type(exc).__name__
    reg.BUILTIN = builtin
    out[name] = {"first": first, "then": len(read()), "listed": len(builtin)}
print(json.dumps(out))
"""


def test_a_failed_first_load_leaves_no_half_filled_registry():
    proc = subprocess.run(
        [sys.executable, "-c", FAILED_LOAD_CHILD], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    for name, seen in out.items():
        assert seen["first"] == "ModuleNotFoundError", (name, seen)
        assert seen["then"] == seen["listed"], (
            f"{name}: {seen['then']} of {seen['listed']} loaded after a failed load"
        )


@pytest.mark.parametrize(
    "loader, module, inner",
    [
        ("collapse_core.text.corpus:default_corpus", "collapse_core.text.corpus", "build"),
        ("collapse_core.categorical.truth:_english_table", "wordfreq", "top_n_list"),
    ],
)
def test_data_loaded_on_first_use_is_computed_once_when_threads_ask_together(
    monkeypatch, loader, module, inner
):
    """Ten sessions opening a page on a fresh server wait for one computation, not ten."""
    owner, name = loader.split(":")
    load = getattr(importlib.import_module(owner), name)
    target = importlib.import_module(module)
    real, calls = getattr(target, inner), []

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(0.05)  # widens the window in which a second thread could start its own
        return real(*args, **kwargs)

    monkeypatch.setattr(target, inner, slow)
    load.cache_clear()
    try:
        got = _at_once(load)
    finally:
        load.cache_clear()  # the next user computes it again with the real function
    assert len(calls) == 1, f"{name} computed {len(calls)} times"
    assert all(g is got[0] for g in got)


def test_phase_sweeps_shared_by_sessions_survive_another_sessions_eviction(monkeypatch):
    """One session finds its sweep in the shared cache while another's new sweeps push it out:
    the first must get its result (or run it again), never a KeyError."""
    from collapse_ui import phase_run

    def pause():  # only the reading session is slow: the other's stores land inside its look-up
        if threading.current_thread().name == "reader":
            time.sleep(0.02)

    class SlowCache(OrderedDict):
        def __contains__(self, key):
            found = super().__contains__(key)
            pause()
            return found

        def get(self, key, default=None):
            value = super().get(key, default)
            pause()
            return value

    class Spec:  # what run() reads of a sweep spec
        n_cells = 1
        axes = (SimpleNamespace(values=(1,)), SimpleNamespace(values=(0.0,)))

        def __init__(self, i):
            self.i = i

        def asdict(self):
            return {"i": self.i}

    cache = SlowCache()
    monkeypatch.setattr(phase_run, "_results", lambda: cache)
    monkeypatch.setattr(phase_run, "iter_cells", lambda *a, **k: iter(()))
    monkeypatch.setattr(phase_run, "interactive_budget", lambda n: None)
    monkeypatch.setattr(phase_run, "SweepResult", lambda spec, rows, done, **kw: ("result", spec.i))
    values = {"statistic": "median", "generations": 10}
    phase_run.run(Spec(0), values, "m", 0.5, None)
    errors, wrong = [], []

    def reader():
        for _ in range(20):
            try:
                if phase_run.run(Spec(0), values, "m", 0.5, None) != ("result", 0):
                    wrong.append(1)
            except Exception as exc:  # collected: the thread's exception would be lost
                errors.append(repr(exc))

    def writer():
        for i in range(1, 400):
            phase_run.run(Spec(i), values, "m", 0.5, None)

    threads = [threading.Thread(target=reader, name="reader"), threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and not wrong, f"{len(errors)} of 20 look-ups failed: {errors[:3]}"
    assert len(cache) <= phase_run.CACHE_SIZE
