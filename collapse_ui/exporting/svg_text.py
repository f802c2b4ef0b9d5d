"""An exported SVG's text alternative: <title> (the chart's title) and <desc> (its description,
collapse_ui/describe.py) as the first children of the root element, where screen readers and
image tools look for them, with role="img" so the picture is announced as one image."""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go

from collapse_ui import describe


def with_text(svg: bytes, title: str, desc: str) -> bytes:
    text = svg.decode()
    start = re.search(r"<svg\b[^>]*>", text)
    if start is None:
        return svg  # not an SVG we drew: leave it as it is
    head = start.group(0)
    if "role=" not in head:
        head = head[:-1].rstrip("/") + ' role="img">' if not head.endswith("/>") else head
    inner = f"<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>"
    return (text[: start.start()] + head + inner + text[start.end() :]).encode()


def described(svg: bytes, fig: go.Figure) -> bytes:
    """`svg` (drawn from `fig`) with fig's title and description."""
    return with_text(svg, describe.plain(fig.layout.title.text) or "Chart", describe.describe(fig))
