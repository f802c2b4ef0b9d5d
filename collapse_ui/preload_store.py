"""The preloaded pictures: every page's digest and charts at its defaults and presets, as the
warmer (collapse_ui/preload.py) computed them when the server started. cache.run and
chart.built_charts look here before computing; this module reads nothing of theirs.

In-process dicts behind one lock, bounded by the registry (pages x presets).
"""

from __future__ import annotations

import threading
from typing import Any

_LOCK = threading.Lock()
_DIGESTS: dict[tuple, Any] = {}  # (config, engine) -> digest
_CHARTS: dict[tuple, tuple] = {}  # (page, config, display) -> chart.build(...)
PRESETS_DONE = threading.Event()


def digest(cfg, engine: str = "auto") -> Any | None:
    with _LOCK:
        return _DIGESTS.get((cfg, engine))


def charts(page: str, cfg, display: tuple) -> tuple | None:
    with _LOCK:
        return _CHARTS.get((page, cfg, display))


def put_digest(cfg, engine: str, value: Any) -> None:
    with _LOCK:
        _DIGESTS[(cfg, engine)] = value


def put_charts(page: str, cfg, display: tuple, built: tuple) -> None:
    with _LOCK:
        _CHARTS[(page, cfg, display)] = built


def clear() -> None:
    with _LOCK:
        _DIGESTS.clear()
        _CHARTS.clear()
    PRESETS_DONE.clear()
