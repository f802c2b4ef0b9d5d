"""Cooperative cancellation of a run whose caller stopped waiting (e.g. a dashboard session
that ended or reran). Pure Python: the core knows nothing of who cancels.

A caller installs a check for the duration of a run; engines call `check()` between chunks or
generations, which raises `Cancelled` once the check says so:

    stop = threading.Event()
    with cancel.when(stop.is_set):
        simulate(cfg)          # raises cancel.Cancelled soon after stop.set()

Without an installed check, `check()` does nothing (a context-variable read), so the command
line and the tests run exactly as before. The check is per context (thread or task): a run in
one thread is never cancelled by another run's flag.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

_CHECK: ContextVar[Callable[[], bool] | None] = ContextVar("collapse_core_cancel_check", default=None)


class Cancelled(Exception):
    """The run was cancelled by its caller before it finished; nothing was returned or cached."""


def check() -> None:
    """Raise Cancelled if the caller's installed check says to stop; else return at once."""
    fn = _CHECK.get()
    if fn is not None and fn():
        raise Cancelled("run cancelled: its caller stopped waiting for it")


@contextlib.contextmanager
def when(should_stop: Callable[[], bool]) -> Iterator[None]:
    """Install `should_stop` (called between chunks/generations) for runs inside the block."""
    token = _CHECK.set(should_stop)
    try:
        yield
    finally:
        _CHECK.reset(token)
