"""Streamlit's page, asking for the chart library from its first line.

A browser learns that the page draws Plotly charts only when the first chart arrives over the
websocket, then fetches and compiles Plotly's chunk (several MB) before drawing: about a
second into a cold link. One `<link rel="modulepreload">` in the served index.html starts that
fetch and compile with the page's own scripts (about 0.15 s earlier first chart on this
machine, bench/browser_paint.py). collapse_ui.serve installs it: a copy of Streamlit's static
folder under .cache/ (once per Streamlit version) with the one line added, served in its place.
Anything unexpected (no single Plotly chunk, another index.html layout) leaves Streamlit's own
folder in use.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "    <title>"


def chart_chunk(static: Path) -> Path | None:
    found = sorted((static / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0] if len(found) == 1 else None


def hinted_index(html: str, chunk_name: str) -> str | None:
    if MARKER not in html or chunk_name in html:
        return None
    tag = f'    <link rel="modulepreload" href="./static/js/{chunk_name}" />\n'
    return html.replace(MARKER, tag + MARKER, 1)


def prepare(static: Path, cache: Path) -> Path | None:
    """The hinted copy of `static` under `cache` (made if missing), or None."""
    chunk = chart_chunk(static)
    index = static / "index.html"
    if chunk is None or not index.is_file():
        return None
    html = hinted_index(index.read_text(encoding="utf-8"), chunk.name)
    if html is None:
        return None
    import streamlit

    dest = cache / f"streamlit-static-{streamlit.__version__}-{chunk.stem.split('.', 1)[1]}"
    if (dest / "index.html").is_file():
        return dest
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f"{dest.name}.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(static, tmp)
    (tmp / "index.html").write_text(html, encoding="utf-8")
    try:
        tmp.rename(dest)
    except OSError:  # another process made it first
        shutil.rmtree(tmp, ignore_errors=True)
    return dest if (dest / "index.html").is_file() else None


def install(cache: Path = ROOT / ".cache") -> bool:
    """Serve the hinted copy instead of Streamlit's static folder; False if not possible."""
    from streamlit import file_util

    served = None
    with contextlib.suppress(OSError):
        served = prepare(Path(file_util.get_static_dir()), cache)
    if served is None:
        return False
    file_util.get_static_dir = lambda: str(served)
    return True
