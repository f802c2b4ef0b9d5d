"""The byte-bounded LRU: evicts by bytes (least recently used first), never stores what exceeds
the budget, stays consistent under threads, computes an equal key once; budgets from the
environment."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from collapse_core.bounded import ByteLRU, budget_from_env, nbytes


def test_evicts_least_recently_used_by_bytes():
    lru = ByteLRU(100, sizeof=len)
    for k in "abcd":
        assert lru.put(k, b"x" * 30)
    assert list(k for k in "abcd" if k in lru) == ["b", "c", "d"] and lru.nbytes == 90
    lru.get("b")  # b is now the most recent: c goes next
    lru.put("e", b"x" * 30)
    assert [k for k in "abcde" if k in lru] == ["b", "d", "e"]
    lru.put("big", b"x" * 95)  # evicts everything else
    assert [k for k in ("b", "d", "e", "big") if k in lru] == ["big"] and lru.nbytes == 95


def test_an_entry_larger_than_the_budget_is_not_stored():
    lru = ByteLRU(100, sizeof=len)
    lru.put("a", b"x" * 10)
    assert not lru.put("huge", b"x" * 101)
    assert "huge" not in lru and "a" in lru and lru.nbytes == 10
    lru.put("a", b"x" * 200)  # replacing with an oversized value drops the old one too
    assert "a" not in lru and lru.nbytes == 0
    assert lru.get_or_compute("huge", lambda: b"y" * 500) == b"y" * 500 and len(lru) == 0


def test_on_evict_reports_the_bytes_evicted():
    seen = []
    lru = ByteLRU(50, sizeof=len, on_evict=seen.append)
    lru.put("a", b"x" * 30)
    lru.put("b", b"x" * 30)
    assert seen == [30]


def test_threads_keep_the_total_within_the_budget_and_consistent():
    lru = ByteLRU(10_000, sizeof=len)
    rng = np.random.default_rng(0)
    sizes = rng.integers(1, 3000, size=(8, 2000)).tolist()
    errors = []

    def hammer(row):
        try:
            for i, s in enumerate(row):
                lru.put(i % 50, b"x" * s)
                lru.get((i * 7) % 50)
                assert lru.nbytes <= 10_000
        except Exception as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(row,)) for row in sizes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with lru._lock:
        assert lru._bytes == sum(s for _, s in lru._items.values()) <= 10_000


def test_equal_keys_at_once_compute_once():
    lru = ByteLRU(1000, sizeof=len)
    calls = []
    start = threading.Barrier(6)

    def compute():
        calls.append(1)
        time.sleep(0.2)  # long enough for the others to arrive and wait (not asserted on)
        return b"value"

    out = []

    def ask():
        start.wait()
        out.append(lru.get_or_compute("k", compute))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [b"value"] * 6 and len(calls) == 1 and not lru._computing


def test_a_failing_compute_stores_nothing():
    lru = ByteLRU(1000, sizeof=len)
    with pytest.raises(RuntimeError):
        lru.get_or_compute("k", lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    assert "k" not in lru and not lru._computing


def test_nbytes_counts_arrays_strings_and_nesting_once():
    a = np.zeros(1000)
    assert nbytes(a) == 8000
    assert nbytes({"x": a, "y": [a, a]}) == 8000 + 2 * 16 + 1 + 1 + 2 * 8
    assert nbytes(("abc", b"de", 1.5)) == 3 * 8 + 3 + 2 + 8


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 64_000_000),
        ("", 64_000_000),
        ("10", 10_000_000),
        ("0.5", 500_000),
        ("0", 0),
        ("lots", 64_000_000),
        ("-3", 64_000_000),
        ("nan", 64_000_000),
        ("inf", 64_000_000),
    ],
)
def test_budget_from_env(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("COLLAPSE_TEST_BUDGET_MB", raising=False)
    else:
        monkeypatch.setenv("COLLAPSE_TEST_BUDGET_MB", raw)
    assert budget_from_env("COLLAPSE_TEST_BUDGET_MB", 64) == expected
