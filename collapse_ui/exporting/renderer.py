"""Server-side PNG/SVG rendering with kaleido driving Debian's chromium.

One kaleido server per process, started on first use (starting Chromium costs 2-3 s; a render
on a running server 0.15-0.25 s). Without Chromium every call raises ExportUnavailable with a
message saying how to enable it; HTML, CSV and JSON exports do not need this module.
"""

from __future__ import annotations

import os
import shutil
import threading
import warnings

import plotly.graph_objects as go

ENABLE_HINT = (
    "PNG/SVG export needs Chromium: install Debian's package (apt-get install chromium) or point "
    "BROWSER_PATH at a Chrome/Chromium binary. HTML, CSV and JSON exports work without it."
)


class ExportUnavailable(RuntimeError):
    """PNG/SVG rendering cannot run here (no Chromium, or kaleido failed to start)."""


_lock = threading.Lock()
_started = False


def chromium_path() -> str | None:
    """The browser kaleido will drive, or None."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if os.path.exists(env) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    return chromium_path() is not None


def _ensure_server() -> None:
    global _started
    if _started:
        return
    path = chromium_path()
    if path is None:
        raise ExportUnavailable(ENABLE_HINT)
    os.environ.setdefault("BROWSER_PATH", path)
    import kaleido  # deferred: importing it is cheap, but only exports need it

    try:
        # mathjax=False: no request to a CDN (there is no internet here).
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    except Exception as exc:  # kaleido raises several types; all mean "cannot render"
        raise ExportUnavailable(f"kaleido could not start Chromium at {path}: {exc}") from exc
    _started = True


def render(fig: go.Figure, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
    """fig as PNG or SVG bytes at width x height CSS pixels (PNG pixels = size x scale)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be png or svg; got {fmt!r}")
    # kaleido's browser session is not re-entrant: one render at a time per process.
    with _lock:
        _ensure_server()
        with warnings.catch_warnings():
            # With a running server plotly warns that per-call kaleido options are ignored.
            warnings.simplefilter("ignore")
            try:
                return fig.to_image(format=fmt, width=width, height=height, scale=scale)
            except Exception as exc:
                raise ExportUnavailable(f"rendering {fmt.upper()} failed: {exc}") from exc
