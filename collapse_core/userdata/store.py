"""A content-addressed store of data sets: a data set's name is the SHA-256 of its canonical form.

Files live in <data folder>/userdata/<hash>.json (the data folder: collapse_core.datadir) and
hold exactly the canonical bytes, so a file is checked against its name when read. A file's
modification time is its last use (put or get touches it). Rules:
- one data set is at most `max_bytes` in canonical form;
- the folder holds at most `total_bytes`; the least recently used sets are removed to make room;
- a set not used for `retention_days` is removed (checked on every put and get).
Anyone who knows a hash can read its data set; a hash cannot be guessed from nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from collapse_core import safe_write
from collapse_core.datadir import data_dir
from collapse_core.userdata.parse import DataError

MAX_BYTES = 8 * 1024 * 1024
TOTAL_BYTES = 256 * 1024 * 1024
RETENTION_DAYS = 30
MAX_TEXT = 200
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Dataset:
    """A stored data set. Numeric columns are float arrays, label columns tuples of str."""

    hash: str
    name: str
    unit: str
    columns: dict

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values())))

    def numeric(self, name: str) -> np.ndarray:
        col = self.columns.get(name)
        if not isinstance(col, np.ndarray):
            raise DataError(f"the data set has no numeric column {name!r}")
        return col


def check_hash(text) -> str:
    """The hash in canonical form (lower case); DataError naming the problem otherwise."""
    if not isinstance(text, str):
        raise DataError(f"a data hash is text; got {type(text).__name__}")
    h = text.strip().lower()
    if not _HASH.fullmatch(h):
        raise DataError("a data hash is 64 hexadecimal characters (0-9, a-f); this one is not")
    return h


def _is_numbers(values) -> bool:
    if isinstance(values, np.ndarray):
        return values.dtype.kind in "fiu"
    return all(
        isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool) for v in values
    )


def _column(name, values) -> list:
    if not isinstance(name, str) or not name:
        raise DataError("every column needs a name (non-empty text)")
    if _is_numbers(values):
        arr = np.asarray(values, dtype=float).reshape(-1)
        if not np.all(np.isfinite(arr)):
            raise DataError(f"column {name!r} holds NaN or infinite values")
        return [name, "number", [float(v) for v in arr]]
    if all(isinstance(v, str) for v in values):
        return [name, "label", list(values)]
    raise DataError(f"column {name!r} mixes numbers and labels; give one kind per column")


def canonical(columns: dict, name: str = "", unit: str = "") -> bytes:
    """The bytes whose SHA-256 names the data set: JSON, columns in the given order, floats
    written so they read back exactly."""
    if not isinstance(columns, dict) or not columns:
        raise DataError("a data set needs at least one column")
    cols = [_column(k, v) for k, v in columns.items()]
    lengths = {len(c[2]) for c in cols}
    if len(lengths) != 1:
        raise DataError(f"the columns have different lengths ({', '.join(str(n) for n in sorted(lengths))})")
    if 0 in lengths:
        raise DataError("the columns are empty")
    doc = {"schema": 1, "name": str(name)[:MAX_TEXT], "unit": str(unit)[:MAX_TEXT], "columns": cols}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _decode(raw: bytes, h: str) -> Dataset:
    doc = json.loads(raw.decode("utf-8"))
    columns = {}
    for name, kind, values in doc["columns"]:
        columns[name] = np.array(values, dtype=float) if kind == "number" else tuple(values)
    return Dataset(hash=h, name=doc["name"], unit=doc["unit"], columns=columns)


class Store:
    def __init__(
        self,
        root=None,
        *,
        max_bytes: int = MAX_BYTES,
        total_bytes: int = TOTAL_BYTES,
        retention_days: float = RETENTION_DAYS,
        clock=time.time,
    ):
        self.root = Path(root) if root is not None else data_dir() / "userdata"
        self.max_bytes = max_bytes
        self.total_bytes = total_bytes
        self.retention = retention_days * 86400.0
        self.clock = clock

    def path(self, h: str) -> Path:
        return self.root / f"{check_hash(h)}.json"

    def put_values(self, columns: dict, name: str = "", unit: str = "") -> str:
        raw = canonical(columns, name, unit)
        if len(raw) > self.max_bytes:
            raise DataError(
                f"the data set is {len(raw) / 1e6:,.1f} MB when stored; at most {self.max_bytes / 1e6:,.0f} MB "
                "is kept: keep the column(s) you need, or a sample of the rows"
            )
        h = hashlib.sha256(raw).hexdigest()
        self.root.mkdir(parents=True, exist_ok=True)
        self._expire()
        path = self.path(h)
        if not path.is_file():
            self._make_room(len(raw))
            safe_write.write_bytes(path, raw)
        self._touch(path)
        return h

    def get(self, h: str) -> Dataset | None:
        """The data set, or None when it is not here (never stored, expired or damaged)."""
        h = check_hash(h)
        self._expire()
        path = self.path(h)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(raw).hexdigest() != h:  # damaged or replaced: not this data set
            return None
        try:
            ds = _decode(raw, h)
        except (ValueError, KeyError, TypeError):
            return None
        self._touch(path)
        return ds

    def _touch(self, path: Path) -> None:
        now = self.clock()
        with contextlib.suppress(OSError):
            os.utime(path, (now, now))

    def _entries(self) -> list[tuple[float, int, Path]]:
        out = []
        try:
            names = list(self.root.iterdir())
        except OSError:
            return out
        for p in names:
            if p.suffix == ".json" and _HASH.fullmatch(p.stem):
                with contextlib.suppress(OSError):
                    st = p.lstat()
                    out.append((st.st_mtime, st.st_size, p))
        return sorted(out)

    def _expire(self) -> None:
        cutoff = self.clock() - self.retention
        for used, _, p in self._entries():
            if used < cutoff:
                with contextlib.suppress(OSError):
                    p.unlink()

    def _make_room(self, need: int) -> None:
        entries = self._entries()
        total = sum(size for _, size, _ in entries)
        for _, size, p in entries:  # oldest use first
            if total + need <= self.total_bytes:
                break
            with contextlib.suppress(OSError):
                p.unlink()
                total -= size

    def usage(self) -> int:
        return sum(size for _, size, _ in self._entries())


def default_store() -> Store:
    return Store()


def put_values(columns: dict, name: str = "", unit: str = "") -> str:
    """Store a data set in the app's data folder; returns its hash (the URL's `data=`)."""
    return default_store().put_values(columns, name, unit)


def get(h: str) -> Dataset | None:
    """The stored data set with this hash, or None (missing or expired)."""
    return default_store().get(h)


def retention_words() -> str:
    days = RETENTION_DAYS
    return f"kept {days} days after its last use (at most {MAX_BYTES / 1e6:,.0f} MB per data set)"
