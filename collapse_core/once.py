"""Values computed once per process, however many threads ask for them at the same moment.

`functools.cache` lets every thread that misses compute the value itself: on a freshly started
server, ten sessions opening the digits page would each fit the same classifiers (seconds of
CPU each). `computed_once` makes the first caller compute while the others wait for its value.
A computation that raises stores nothing, so the next call tries again.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def computed_once(fn: Callable[[], T]) -> Callable[[], T]:
    """Decorator for a function without arguments; `.cache_clear()` forgets the value."""
    lock = threading.Lock()
    box: list[T] = []  # empty until computed; one item after (read without the lock)

    @functools.wraps(fn)
    def wrapper() -> T:
        if box:
            return box[0]
        with lock:
            if not box:
                box.append(fn())
            return box[0]

    def cache_clear() -> None:
        with lock:
            box.clear()

    wrapper.cache_clear = cache_clear
    return wrapper
