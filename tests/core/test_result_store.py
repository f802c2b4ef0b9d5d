"""The on-disk store of finished heavy runs: exact round trip, versions in the key, a size cap
with least-recently-used eviction, damaged entries treated as misses."""

from __future__ import annotations

import os

import numpy as np
import pytest

from collapse_core import BATCH, families, result_store, simulate
from collapse_core.result_store import ResultStore


def _run(seed: int, generations: int = 20):
    cfg = families.all_families()["gaussian"].default_config(
        seed=seed, replicates=50, generations=generations
    )
    return simulate(cfg, budget=BATCH)


def test_round_trip_is_exact(tmp_path):
    res = _run(1)
    store = ResultStore(tmp_path, cap=10**9)
    assert store.get(res.config, res.engine) is None
    store.put(res)
    got = store.get(res.config, res.engine)
    assert got is not None
    assert got.config == res.config and got.engine == res.engine
    assert got.engine_reason == res.engine_reason
    for key, value in res.arrays.items():
        np.testing.assert_array_equal(got.arrays[key], value, err_msg=key)
        assert got.arrays[key].dtype == value.dtype
    for name in res.metric_names:
        np.testing.assert_array_equal(got.metric(name), res.metric(name), err_msg=name)
    # Another engine or seed is another entry.
    assert store.get(res.config, "monte-carlo" if res.engine != "monte-carlo" else "exact") is None
    other = families.all_families()["gaussian"].default_config(seed=2, replicates=50, generations=20)
    assert store.get(other, res.engine) is None


def test_the_key_holds_the_versions(monkeypatch):
    res = _run(1)
    before = result_store.key(res.config, res.engine)
    monkeypatch.setattr(result_store.np, "__version__", "0.0.1")
    assert result_store.key(res.config, res.engine) != before


def test_a_full_store_evicts_the_least_recently_used(tmp_path):
    runs = [_run(seed) for seed in (1, 2, 3)]
    big = ResultStore(tmp_path, cap=10**9)
    for i, res in enumerate(runs):
        big.put(res)
        for suffix in (".npz", ".json"):  # distinct ages, oldest first, whatever the clock's grain
            os.utime(tmp_path / f"{result_store.key(res.config, res.engine)}{suffix}", (1000 + i, 1000 + i))
    one = big.entries()[0][1]
    assert len(big.entries()) == 3
    # Reading the oldest makes it the most recently used.
    assert big.get(runs[0].config, runs[0].engine) is not None
    fourth = _run(4)
    small = ResultStore(tmp_path, cap=int(3.5 * one))
    small.put(fourth)
    kept = {name for _, _, name in small.entries()}
    names = [result_store.key(r.config, r.engine) for r in (*runs, fourth)]
    assert names[1] not in kept  # the least recently used went first
    assert {names[0], names[2], names[3]} <= kept
    assert small.size() <= small.cap


def test_damaged_entry_is_a_miss_and_removed(tmp_path):
    res = _run(1)
    store = ResultStore(tmp_path, cap=10**9)
    store.put(res)
    name = result_store.key(res.config, res.engine)
    (tmp_path / f"{name}.npz").write_bytes(b"not an npz file")
    assert store.get(res.config, res.engine) is None
    assert not (tmp_path / f"{name}.json").exists()


def test_only_this_package_s_functions_are_loaded():
    with pytest.raises(ValueError, match="not a metric function"):
        result_store._function("os:system")


def test_folder_and_cap_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLLAPSE_RESULT_STORE_MB", "3")
    assert result_store.folder() == tmp_path / "results"
    assert result_store.cap_bytes() == 3_000_000
    monkeypatch.setenv("COLLAPSE_RESULT_STORE_MB", "lots")
    assert result_store.cap_bytes() == result_store.DEFAULT_CAP_MB * 10**6
