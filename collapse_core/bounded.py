"""A least-recently-used map bounded in bytes, safe under threads, for caches shared by every
session of a server (runs, figures, uploaded text).

    runs = ByteLRU(64 << 20, sizeof=len)          # values are bytes: their length is their size
    value = runs.get_or_compute(key, compute)     # equal keys at once compute once

A value's size is measured once, when it is stored (`sizeof`, default `nbytes`). Storing
evicts the least recently used entries until the total fits; a value larger than the whole
budget is not stored at all (the caller still gets it). Budgets come from the environment
(`budget_from_env`), in megabytes, with the default kept when the value is not a number.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

log = logging.getLogger(__name__)
_MISSING = object()


def nbytes(obj: Any) -> int:
    """Bytes held by `obj`: arrays by their nbytes, str/bytes by their length, 8 per number,
    containers and dataclasses by what they hold (each object counted once)."""
    seen: set[int] = set()
    total = 0
    stack = [obj]
    while stack:
        x = stack.pop()
        if x is None or isinstance(x, bool) or id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, np.ndarray):
            total += x.nbytes if x.dtype != object else 8 * x.size
            if x.dtype == object:
                stack.extend(x.ravel().tolist())
        elif isinstance(x, (str, bytes, bytearray, memoryview)):
            total += len(x)
        elif isinstance(x, (int, float, complex, np.generic)):
            total += 8
        elif isinstance(x, dict):
            total += 16 * len(x)
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, (list, tuple, set, frozenset)):
            total += 8 * len(x)
            stack.extend(x)
        elif dataclasses.is_dataclass(x) and not isinstance(x, type):
            stack.extend(getattr(x, f.name) for f in dataclasses.fields(x))
    return total


def budget_from_env(name: str, default_mb: float) -> int:
    """`name` from the environment in megabytes (10^6 bytes), or `default_mb` when unset or
    not a non-negative number (logged)."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return int(default_mb * 1e6)
    try:
        mb = float(raw)
        if not mb >= 0 or mb == float("inf"):
            raise ValueError
    except ValueError:
        log.warning("%s=%r is not a size in megabytes; using %g MB", name, raw, default_mb)
        mb = default_mb
    return int(mb * 1e6)


class ByteLRU:
    """A thread-safe LRU map whose values' sizes sum to at most `budget` bytes (and, when
    given, holding at most `max_entries` values)."""

    def __init__(
        self,
        budget: int,
        sizeof: Callable[[Any], int] = nbytes,
        on_evict: Callable[[int], None] | None = None,
        max_entries: int | None = None,
    ):
        self.budget = int(budget)
        self.max_entries = max_entries  # optional second bound, on the count
        self.sizeof = sizeof
        self.on_evict = on_evict  # called with the bytes evicted, outside the lock
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[Hashable, list] = {}  # key -> [lock, users]

    @property
    def nbytes(self) -> int:
        with self._lock:
            return self._bytes

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value (now the most recently used), or `default`."""
        with self._lock:
            item = self._items.get(key, _MISSING)
            if item is _MISSING:
                return default
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: Any, size: int | None = None) -> bool:
        """Store `value` (replacing any under `key`); False when it alone exceeds the budget,
        in which case nothing is stored under `key`."""
        size = self.sizeof(value) if size is None else int(size)
        evicted = 0
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            stored = size <= self.budget
            if stored:
                self._items[key] = (value, size)
                self._bytes += size
                while self._bytes > self.budget or (
                    self.max_entries is not None and len(self._items) > self.max_entries
                ):
                    _, (_, s) = self._items.popitem(last=False)
                    self._bytes -= s
                    evicted += s
        if evicted and self.on_evict is not None:
            self.on_evict(evicted)
        return stored

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The stored value, or compute() stored and returned; concurrent callers with an equal
        key wait for one computation instead of each running it. Exceptions are not stored."""
        value = self.get(key, _MISSING)
        if value is not _MISSING:
            return value
        with self._lock:
            slot = self._computing.setdefault(key, [threading.Lock(), 0])
            slot[1] += 1
        try:
            with slot[0]:
                value = self.get(key, _MISSING)
                if value is _MISSING:
                    value = compute()
                    self.put(key, value)
                return value
        finally:
            with self._lock:
                slot[1] -= 1
                if not slot[1]:
                    self._computing.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
