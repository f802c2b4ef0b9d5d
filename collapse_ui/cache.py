"""The cached run wrapper: one simulation per (config, engine), shared by every session, with
a server-wide limit on heavy runs that cannot hurt the server.

The config is a frozen dataclass with the seed always set (pages put the seed in the URL), so
equal settings are equal cache keys and a shared link hits the same entry. Errors are not
cached: a WorkBudgetError is raised again, cheaply, before any work is done. The digest comes
from the config's family page (collapse_ui/registry.py).

Heavy runs (one visitor's large run must not stall the others): before running, the family's
own budget check is the gate, once against the interactive budget (over it: refused, as
always) and once against HEAVY_FRACTION of it (over that: heavy). A cache hit never waits. A
heavy miss takes a place in a server-wide queue (HEAVY_SLOTS heavy runs at once; this
machine has two cores) and the page shows its place; the run itself goes to a worker thread
while the script thread polls every POLL seconds, updating the note. Each update is a
Streamlit call, where Streamlit stops a script whose session ended or reran; the `finally`
then sets the run's cancel flag, and the engine stops at its next generation or chunk
(collapse_core/cancel.py). A cancelled run frees its slot as soon as its worker returns;
nothing of it is cached.
"""

from __future__ import annotations

import dataclasses
import pickle
import threading
import time

import streamlit as st

from collapse_core import INTERACTIVE, WorkBudgetError, allocator, cancel, families, simulate
from collapse_core.bounded import ByteLRU, budget_from_env
from collapse_ui import heavy_run, preload_store, registry, trim_on_close

HEAVY_FRACTION = 0.1  # heavy: over a tenth of any interactive budget quantity
HEAVY_SLOTS = 1  # heavy runs at once, server-wide
POLL = 0.25  # seconds between checks (and note updates) while a heavy run waits or runs

HEAVY_BUDGET = dataclasses.replace(
    INTERACTIVE,
    name="heavy-threshold",
    **{
        f.name: getattr(INTERACTIVE, f.name) * HEAVY_FRACTION
        for f in dataclasses.fields(INTERACTIVE)
        if f.name != "name"
    },
)


def is_heavy(cfg, engine: str = "auto") -> bool:
    """Whether a run of cfg is heavy: the family's budget check (cheap, from the config alone)
    refuses it at HEAVY_FRACTION of the interactive budget. Raises WorkBudgetError when it is
    over the interactive budget itself, ValueError for an engine that cannot run cfg."""
    fam = families.of(cfg)
    name, _ = fam.choose_engine(cfg, engine)
    fam.check_budget(cfg, engine=name, budget=INTERACTIVE)
    try:
        fam.check_budget(cfg, engine=name, budget=HEAVY_BUDGET)
    except WorkBudgetError:
        return True
    return False


class Gate:
    """A first-come-first-served queue in front of `slots` heavy runs (one per process)."""

    def __init__(self, slots: int):
        self.slots = slots
        self.running = 0
        self.waiting: list[object] = []
        self._cond = threading.Condition()

    def join(self) -> object:
        ticket = object()
        with self._cond:
            self.waiting.append(ticket)
        return ticket

    def _ahead(self, ticket) -> int | None:
        if self.waiting and self.waiting[0] is ticket and self.running < self.slots:
            self.waiting.pop(0)
            self.running += 1
            return None
        return self.running + self.waiting.index(ticket)

    def try_enter(self, ticket, timeout: float) -> int | None:
        """None once `ticket` holds a slot (release it with `release`), else how many runs are
        ahead of it (running or queued) after waiting up to `timeout` seconds."""
        with self._cond:
            ahead = self._ahead(ticket)
            if ahead is not None:
                self._cond.wait(timeout)
                ahead = self._ahead(ticket)
            return ahead

    def leave(self, ticket) -> None:
        """Give up a place in the queue (no effect once the ticket holds a slot)."""
        with self._cond:
            if ticket in self.waiting:
                self.waiting.remove(ticket)
                self._cond.notify_all()

    def release(self) -> None:
        with self._cond:
            self.running -= 1
            self._cond.notify_all()


GATE = Gate(HEAVY_SLOTS)


class _Miss(Exception):
    pass


def compute(cfg, engine: str):
    """The page's digest of a run of cfg, computed now (no cache, no queue: the warmer's way in)."""
    return registry.for_config(cfg).digest(simulate(cfg, engine=engine))


# Digests are kept pickled, as st.cache_data kept them: every hit gets its own copy, and an
# entry's size is exactly its length. COLLAPSE_RUN_CACHE_MB sets the budget.
RUNS = ByteLRU(
    budget_from_env("COLLAPSE_RUN_CACHE_MB", 64), sizeof=len, on_evict=lambda _: allocator.trim_soon()
)


def _cached(cfg, engine: str = "auto", _peek: bool = False, _value=None):
    """The cache itself. `_peek`: a miss raises _Miss (not cached) instead of computing;
    `_value`: a digest computed elsewhere (a heavy run's worker) to store."""
    key = (cfg, engine)
    kept = RUNS.get(key)
    if kept is not None:
        return pickle.loads(kept)
    if _value is not None:
        RUNS.put(key, pickle.dumps(_value, protocol=pickle.HIGHEST_PROTOCOL))
        return _value
    if _peek:
        raise _Miss
    out = {}

    def make() -> bytes:
        with st.spinner("Running the chains…"):
            out["value"] = compute(cfg, engine)
        return pickle.dumps(out["value"], protocol=pickle.HIGHEST_PROTOCOL)

    kept = RUNS.get_or_compute(key, make)
    return out["value"] if "value" in out else pickle.loads(kept)


def run(cfg, engine: str = "auto"):
    """The page's digest for cfg: from the cache, or computed (heavy runs through the queue)."""
    if cfg.seed is None:
        raise ValueError("cached runs need a seed: an unseeded run would be cached as if it were one")
    trim_on_close.arm()
    ready = preload_store.digest(cfg, engine)  # computed when the server started (defaults, presets)
    if ready is not None:
        return _cached(cfg, engine, _value=ready)
    if not is_heavy(cfg, engine):
        return _cached(cfg, engine)
    try:
        return _cached(cfg, engine, _peek=True)
    except _Miss:
        pass
    return _heavy(cfg, engine)


run.clear = RUNS.clear  # empties the shared cache (tests)


def _heavy(cfg, engine: str):
    note = st.empty()
    ticket = GATE.join()
    stop = threading.Event()
    holding = False  # this thread holds a gate slot (until a worker takes it over)
    try:
        started = time.monotonic()
        while (ahead := GATE.try_enter(ticket, POLL)) is not None:
            note.caption(
                f":material/hourglass_top: A large run: {ahead} ahead of it in this server's queue "
                f"(one large run at a time). Waiting {time.monotonic() - started:.0f} s…"
            )
        holding = True
        try:  # another session may have run the same settings while this one waited
            value = _cached(cfg, engine, _peek=True)
            note.empty()
            return value
        except _Miss:
            pass
        out: dict = {}

        def work() -> None:
            try:
                with cancel.when(stop.is_set):
                    out["value"] = compute(cfg, engine)
            except cancel.Cancelled:
                pass  # nobody is waiting for it any more
            except Exception as exc:  # handed to the script thread, which shows it
                out["error"] = exc
            finally:
                GATE.release()

        worker = threading.Thread(target=work, name="collapse-heavy-run", daemon=True)
        worker.start()
        holding = False  # the worker releases the slot when it returns
        started = time.monotonic()
        while worker.is_alive():
            note.caption(
                f":material/hourglass_top: Running a large simulation… {time.monotonic() - started:.0f} s"
            )
            worker.join(POLL)
        if "error" in out:
            raise out["error"]
        note.empty()
        return _cached(cfg, engine, _value=out["value"])
    finally:
        # Reached with the run unfinished when Streamlit stopped this script (session closed,
        # or a rerun): the worker stops at its next check and frees the slot.
        stop.set()
        GATE.leave(ticket)
        if holding:
            GATE.release()


def run_or_explain(config_from, values: dict, tip: str):
    """The cached run of config_from(values), or (for a request the core refuses, when the config
    is built or when it runs) a plain message with `tip`, and a stop."""
    cfg = None
    try:
        cfg = config_from(values)
        return run(cfg)
    except WorkBudgetError as exc:
        # Over the interactive budget: offered as a background run on the cluster where it fits.
        digest = heavy_run.offer(cfg, exc) if cfg is not None else None
        if digest is not None and digest is not heavy_run.REFUSED:
            return _cached(cfg, "auto", _value=digest)
        if digest is None:
            st.error(
                f"That is too much work for an interactive page: {exc}.", icon=":material/hourglass_disabled:"
            )
    except ValueError as exc:  # settings the core refuses together
        st.error(f"These settings cannot run together: {exc}.", icon=":material/block:")
    st.info(tip, icon=":material/lightbulb:")
    st.stop()
