"""Server-side PNG/SVG rendering with kaleido driving Debian's chromium.

One kaleido browser per process, started on first use (starting Chromium costs 2-3 s; a render
on a running browser 0.15-0.3 s). Without Chromium every call raises ExportUnavailable with a
message saying how to enable it; HTML, CSV and JSON exports do not need this module.

Why not `kaleido.start_sync_server`: its worker thread dies silently when Chromium fails to
start, and the next call then waits forever; and it renders one figure at a time. Here the
browser runs in an event loop on a daemon thread of our own: start-up errors and stalls come
back as ExportUnavailable within a timeout, and `render_many` renders a pack's images on
TABS browser tabs at once (about 15% faster for a four-chart pack on two cores).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

ENABLE_HINT = (
    "PNG/SVG export needs Chromium: install Debian's package (apt-get install chromium) or point "
    "BROWSER_PATH at a Chrome/Chromium binary. HTML, CSV and JSON exports work without it."
)
TABS = 2  # browser tabs rendering at once: one per core on the two-core machines we run on
START_TIMEOUT = 60.0  # seconds for Chromium to start (a cold start under load takes up to ~7 s)
RENDER_TIMEOUT = 60.0  # seconds for one batch of figures


class ExportUnavailable(RuntimeError):
    """PNG/SVG rendering cannot run here (no Chromium, or kaleido failed to start or render)."""


_lock = threading.Lock()  # one batch at a time: tabs are shared, and start-up must happen once
_loop: asyncio.AbstractEventLoop | None = None
_kaleido: Any = None


def chromium_path() -> str | None:
    """The browser kaleido will drive (and the browser tests use), or None: BROWSER_PATH or
    CHROMIUM_PATH if set, else Debian's chromium (or another Chrome) on PATH."""
    env = os.environ.get("BROWSER_PATH") or os.environ.get("CHROMIUM_PATH")
    if env:
        return env if os.path.exists(env) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    return chromium_path() is not None


def running() -> bool:
    """Whether the browser is already up (the next render skips the 2-3 s start)."""
    return _kaleido is not None


def _ensure_started() -> None:
    global _loop, _kaleido
    if _kaleido is not None:
        return
    path = chromium_path()
    if path is None:
        raise ExportUnavailable(ENABLE_HINT)
    import kaleido  # deferred: only PNG/SVG exports need it

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="kaleido", daemon=True).start()
    try:
        # mathjax=False: no request to a CDN (there is no internet here).
        k = kaleido.Kaleido(n=TABS, mathjax=False, path=path)
        future = asyncio.run_coroutine_threadsafe(k.__aenter__(), loop)
        future.result(START_TIMEOUT)
    except Exception as exc:  # kaleido/choreographer raise several types; all mean "cannot render"
        loop.call_soon_threadsafe(loop.stop)
        raise ExportUnavailable(f"kaleido could not start Chromium at {path}: {exc!r}") from exc
    _loop, _kaleido = loop, k
    atexit.register(stop)


def stop() -> None:
    """Close the browser (it restarts on the next render). Safe to call when not running."""
    global _loop, _kaleido
    with _lock:
        loop, k = _loop, _kaleido
        _loop, _kaleido = None, None
    if loop is None:
        return
    try:
        asyncio.run_coroutine_threadsafe(k.__aexit__(None, None, None), loop).result(10)
    except Exception:  # closing a broken browser: nothing more to do
        pass
    loop.call_soon_threadsafe(loop.stop)


def _check(fmt: str) -> None:
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be png or svg; got {fmt!r}")


def render_many(jobs: Sequence[tuple[go.Figure | dict, str, int, int, float]]) -> list[bytes]:
    """[(figure, "png"|"svg", width, height, scale), ...] -> image bytes in the same order,
    rendered on all tabs at once. width x height are CSS pixels; PNG pixels are those x scale."""
    for job in jobs:
        _check(job[1])
    specs = [
        (
            fig.to_dict() if isinstance(fig, go.Figure) else fig,
            {"format": fmt, "width": w, "height": h, "scale": float(scale)},
        )
        for fig, fmt, w, h, scale in jobs
    ]
    with _lock:
        _ensure_started()
        k, loop = _kaleido, _loop

        async def all_of() -> list[bytes]:
            return await asyncio.gather(*(k.calc_fig(fig, opts=opts) for fig, opts in specs))

        future = asyncio.run_coroutine_threadsafe(all_of(), loop)
        try:
            return list(future.result(RENDER_TIMEOUT))
        except Exception as exc:
            future.cancel()
            failed = exc
    # A render that failed or stalled may have left the browser unusable: start afresh next time.
    stop()
    raise ExportUnavailable(f"rendering failed: {failed!r}") from failed


def render(fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
    """fig as PNG or SVG bytes at width x height CSS pixels (PNG pixels = size x scale)."""
    return render_many([(fig, fmt, width, height, scale)])[0]
