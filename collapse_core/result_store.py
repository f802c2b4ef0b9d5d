"""Finished heavy runs kept on disk, so the next visitor of the same link (any session, any
server process, after a restart) gets the picture without running it again.

An entry is the Result's arrays (the per-generation metrics and tables the digest reads, never
the raw samples) as one .npz file, beside a small JSON file with what rebuilds the Result. The
key is a hash of the config (seed included), the engine that ran, and the package, numpy and
scipy versions: a new version never reads an old version's numbers as its own.

The folder is $COLLAPSE_DATA_DIR/results (the same data folder as the class room's answers;
default .data/results in a checkout). Its size is capped ($COLLAPSE_RESULT_STORE_MB, default
512 MB): after each write the least recently used entries (by the time of their last read or
write) are removed until it fits. Writes are atomic (collapse_core/safe_write.py): a reader
sees a whole entry or none. A damaged or unreadable entry is a miss, and removed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
import json
import os
import time
from pathlib import Path

import numpy as np
import scipy

from collapse_core import safe_write
from collapse_core.datadir import DATA_ENV, data_dir  # noqa: F401 (DATA_ENV: named here too)
from collapse_core.provenance import package_version
from collapse_core.result import Result

CAP_ENV = "COLLAPSE_RESULT_STORE_MB"
DEFAULT_CAP_MB = 512
FOLDER = "results"
_SUFFIXES = (".npz", ".json")


def folder() -> Path:
    """results/ in the app's data folder (collapse_core.datadir)."""
    return data_dir() / FOLDER


def cap_bytes() -> int:
    """The store's size cap in bytes: $COLLAPSE_RESULT_STORE_MB (a positive number), else 512 MB."""
    text = os.environ.get(CAP_ENV, "")
    try:
        mb = float(text) if text else DEFAULT_CAP_MB
    except ValueError:
        mb = DEFAULT_CAP_MB
    return int((mb if mb > 0 else DEFAULT_CAP_MB) * 1e6)


def key(cfg, engine: str) -> str:
    """The entry's name: a hash of the config, the engine and the versions that computed it."""
    text = json.dumps(
        {
            "config": repr(cfg),
            "engine": engine,
            "package": package_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ResultStore:
    """The on-disk store in `root` (default: folder()), capped at `cap` bytes (default: cap_bytes())."""

    def __init__(self, root: os.PathLike | str | None = None, cap: int | None = None):
        self.root = Path(root) if root is not None else folder()
        self.cap = cap if cap is not None else cap_bytes()

    def _paths(self, name: str) -> tuple[Path, Path]:
        return self.root / f"{name}.npz", self.root / f"{name}.json"

    def get(self, cfg, engine: str) -> Result | None:
        """The stored Result of cfg run with `engine` (the engine that runs), or None."""
        arrays_path, meta_path = self._paths(key(cfg, engine))
        try:
            meta = json.loads(meta_path.read_text())
            with np.load(arrays_path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in meta["arrays"]}
            if meta["config"] != repr(cfg) or meta["engine"] != engine:
                return None  # a hash collision: not this run
            metric_fn = _function(meta["metric_fn"])
        except FileNotFoundError:
            return None
        except Exception:  # damaged, truncated, or written by something else: a miss
            self._remove(key(cfg, engine))
            return None
        now = time.time()
        for path in (arrays_path, meta_path):
            try:
                os.utime(path, (now, now))  # the last read counts for eviction
            except OSError:
                pass
        return Result(
            config=cfg,
            engine=engine,
            engine_reason=meta["engine_reason"],
            arrays=arrays,
            _metric_fn=metric_fn,
            metric_names=tuple(meta["metric_names"]),
        )

    def put(self, res: Result) -> None:
        """Store a finished run (the arrays first, then the JSON that makes it visible), then
        evict the least recently used entries over the cap."""
        name = key(res.config, res.engine)
        arrays_path, meta_path = self._paths(name)
        self.root.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        np.savez(buf, **res.arrays)
        fn = res._metric_fn
        meta = {
            "config": repr(res.config),
            "engine": res.engine,
            "engine_reason": res.engine_reason,
            "metric_names": list(res.metric_names),
            "metric_fn": f"{fn.__module__}:{fn.__qualname__}",
            "arrays": list(res.arrays),
            "provenance_seed": res.seed,
        }
        safe_write.write_bytes(arrays_path, buf.getvalue())
        safe_write.write_text(meta_path, json.dumps(meta))
        self.evict()

    def entries(self) -> list[tuple[float, int, str]]:
        """(last use, bytes, name) of every entry, oldest first."""
        out: dict[str, list] = {}
        try:
            listing = list(os.scandir(self.root))
        except FileNotFoundError:
            return []
        for item in listing:
            stem, suffix = os.path.splitext(item.name)
            if suffix not in _SUFFIXES or not item.is_file(follow_symlinks=False):
                continue
            try:
                st = item.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            used, size = out.setdefault(stem, [0.0, 0])
            out[stem] = [max(used, st.st_mtime), size + st.st_size]
        return sorted((used, size, name) for name, (used, size) in out.items())

    def size(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def evict(self) -> list[str]:
        """Remove the least recently used entries until the store fits its cap; their names."""
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        gone = []
        for _, size, name in entries:
            if total <= self.cap:
                break
            self._remove(name)
            total -= size
            gone.append(name)
        return gone

    def _remove(self, name: str) -> None:
        for path in self._paths(name)[::-1]:  # the JSON first: the entry disappears whole
            try:
                path.unlink()
            except OSError:
                pass


def _function(spec: str):
    """The metric function a stored entry names: only a function of this package."""
    module, _, qualname = spec.partition(":")
    if not module.startswith("collapse_core.") or not qualname or "." in qualname:
        raise ValueError(f"not a metric function of this package: {spec!r}")
    return getattr(importlib.import_module(module), qualname)


def stored(cfg, engine: str, store: ResultStore | None = None) -> Result | None:
    """The Result from the default store, with cfg's own dataclass fields (convenience)."""
    res = (store or ResultStore()).get(cfg, engine)
    return None if res is None else dataclasses.replace(res, _cache={})
