"""Rate limits per client address, in the server process (no Streamlit): token buckets.

Sized so that a class behind one school network (one address for thirty phones) is never
stopped, while a script from one address is slowed to a trickle long before it can fill a
question or walk the room codes:
    NEW_DEVICES   60 at once, then one every 10 s   (a script's fresh sessions or cleared cookies)
    ANSWERS       120 at once, then two a second     (answers and changed answers from one address)
    CODE_GUESSES  20 wrong codes at once, then one every 30 s (then every unknown code is refused)

Per process: behind serve-many each worker counts on its own (the sticky hash sends one address
to one worker, so the bound holds per address).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_CLIENTS = 10_000  # addresses remembered; the oldest are forgotten first


class Limiter:
    """`capacity` events at once, refilled at `rate` per second, per key."""

    def __init__(self, capacity: float, rate: float, *, clock: Callable[[], float] = time.monotonic):
        self.capacity, self.rate, self.clock = float(capacity), float(rate), clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - then) * self.rate)

    def allows(self, key: str) -> bool:
        """Would one more event pass now (without spending it)?"""
        with self._lock:
            return self._level(key, self.clock()) >= 1.0

    def spend(self, key: str) -> bool:
        """Spend one event if the bucket has it; False (and nothing spent) if not."""
        with self._lock:
            now = self.clock()
            tokens = self._level(key, now)
            ok = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if ok else tokens, now)
            self._buckets.move_to_end(key)
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
            return ok

    def wait_s(self, key: str) -> float:
        """Seconds until the next event would pass."""
        with self._lock:
            return max(0.0, (1.0 - self._level(key, self.clock())) / self.rate)

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()


NEW_DEVICES = Limiter(60, 1 / 10)
ANSWERS = Limiter(120, 2)
CODE_GUESSES = Limiter(20, 1 / 30)


def reset_all() -> None:
    """Forget every client (tests)."""
    for limiter in (NEW_DEVICES, ANSWERS, CODE_GUESSES):
        limiter.reset()
