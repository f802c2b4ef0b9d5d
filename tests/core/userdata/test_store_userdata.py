"""The content-addressed store: hashes, round trips, limits, eviction and expiry."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from collapse_core.userdata import store
from collapse_core.userdata.parse import DataError

ROOT = Path(__file__).resolve().parents[3]


class Clock:
    def __init__(self, t=1_000_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


def test_round_trip_is_exact_and_named_by_sha256(tmp_path):
    s = store.Store(tmp_path)
    vals = np.array([0.1, 1 / 3, -2.5e-300, 7e149])
    h = s.put_values({"height": vals, "who": ["a", "b", "<b>c</b>", "d"]}, "heights", "cm")
    raw = (tmp_path / f"{h}.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == h
    ds = s.get(h)
    np.testing.assert_array_equal(ds.columns["height"], vals)  # every bit read back
    assert ds.columns["who"] == ("a", "b", "<b>c</b>", "d")
    assert (ds.name, ds.unit, ds.rows) == ("heights", "cm", 4)


def test_same_content_same_hash_and_order_matters(tmp_path):
    s = store.Store(tmp_path)
    a = s.put_values({"x": [1, 2, 3]})
    assert s.put_values({"x": np.array([1.0, 2.0, 3.0])}) == a
    assert s.put_values({"x": [3, 2, 1]}) != a
    assert s.put_values({"x": [1, 2, 3]}, unit="cm") != a
    assert len(list(tmp_path.iterdir())) == 3


@pytest.mark.parametrize("bad", ["", "abc", "g" * 64, "0" * 63, "0" * 65, "../" + "0" * 61, None, 5])
def test_malformed_hash_is_refused(tmp_path, bad):
    with pytest.raises(DataError, match="data hash"):
        store.Store(tmp_path).get(bad)


def test_unknown_hash_is_none(tmp_path):
    assert store.Store(tmp_path).get("0" * 64) is None


def test_a_damaged_file_is_not_returned(tmp_path):
    s = store.Store(tmp_path)
    h = s.put_values({"x": [1, 2, 3]})
    p = tmp_path / f"{h}.json"
    p.write_bytes(p.read_bytes().replace(b"2.0", b"9.0"))
    assert s.get(h) is None


@pytest.mark.parametrize(
    ("columns", "needle"),
    [
        ({}, "at least one column"),
        ({"x": [1, 2], "y": [1]}, "different lengths"),
        ({"x": [1, float("nan")]}, "NaN or infinite"),
        ({"x": [1, "a"]}, "mixes numbers and labels"),
        ({"": [1, 2]}, "needs a name"),
    ],
)
def test_bad_data_sets_are_refused(tmp_path, columns, needle):
    with pytest.raises(DataError, match=needle):
        store.Store(tmp_path).put_values(columns)


def test_size_limit_per_data_set(tmp_path):
    s = store.Store(tmp_path, max_bytes=1000)
    with pytest.raises(DataError, match="at most 0 MB is kept"):
        s.put_values({"x": np.arange(1000.0)})
    assert list(tmp_path.iterdir()) == []


def test_total_cap_evicts_the_least_recently_used(tmp_path):
    clock = Clock()
    s = store.Store(tmp_path, total_bytes=3 * 200, clock=clock)
    hashes = []
    for i in range(3):
        clock.t += 10
        hashes.append(s.put_values({"x": np.arange(20.0) + i}))
    size = (tmp_path / f"{hashes[0]}.json").stat().st_size
    assert 3 * size <= 600 < 4 * size, size  # the cap holds exactly three of these
    clock.t += 10
    assert s.get(hashes[0]) is not None  # used again: now the second is the oldest
    clock.t += 10
    new = s.put_values({"x": np.arange(20.0) + 99})
    assert s.get(hashes[1]) is None
    assert all(s.get(h) is not None for h in (hashes[0], hashes[2], new))
    assert s.usage() <= 600


def test_retention_counts_from_the_last_use(tmp_path):
    clock = Clock()
    s = store.Store(tmp_path, retention_days=30, clock=clock)
    h = s.put_values({"x": [1, 2, 3]})
    clock.t += 29 * 86400
    assert s.get(h) is not None  # touched: 30 more days from now
    clock.t += 29 * 86400
    assert s.get(h) is not None
    clock.t += 31 * 86400
    assert s.get(h) is None
    assert not (tmp_path / f"{h}.json").exists()


def test_a_fresh_process_finds_a_stored_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    h = store.put_values({"height": [170.0, 181.5, 165.25]}, "heights", "cm")
    assert (tmp_path / "userdata" / f"{h}.json").is_file()
    code = (
        "import sys; from collapse_core.userdata import store; d = store.get(sys.argv[1]); "
        "print(d.name, d.unit, d.columns['height'].tolist())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, h],
        cwd=ROOT,
        env={**os.environ, "COLLAPSE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "heights cm [170.0, 181.5, 165.25]"
