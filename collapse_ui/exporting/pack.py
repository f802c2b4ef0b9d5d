"""The "export for slides" pack: every chart as PNG and SVG, one interactive HTML, the data as
CSV, the config and seed as JSON, and the permalink, in one ZIP built only when asked."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

from collapse_ui.exporting import renderer
from collapse_ui.exporting.figure_data import figure_csv, with_caption

FORMATS = ("png", "svg", "html", "csv", "json")


@dataclass(frozen=True)
class PackRequest:
    """What to export. width x height are CSS pixels; PNG pixels are those times scale."""

    charts: list[tuple[str, go.Figure]]
    meta: dict
    permalink: str
    caption: str = ""
    formats: tuple[str, ...] = FORMATS
    width: int = 1920
    height: int = 1080
    scale: float = 2.0
    skipped: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def standalone_html(charts: list[tuple[str, go.Figure]], title: str) -> str:
    """One self-contained page (plotly.js inlined once: works offline)."""
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"]
    for i, (_, fig) in enumerate(charts):
        parts.append(pio.to_html(fig, full_html=False, include_plotlyjs=(i == 0), config={"responsive": True}))
    parts.append("</body></html>")
    return "\n".join(parts)


def slide_style(fig: go.Figure, width: int) -> go.Figure:
    """Fonts sized for the export width: ~21 px body text at 1920 px wide, readable on a slide."""
    base = max(12, round(width / 90))
    out = go.Figure(fig)
    out.update_layout(font={"size": base}, title_font={"size": round(base * 1.35)})
    return out


def build_files(req: PackRequest, progress: Callable[[float, str], None] | None = None) -> dict[str, bytes]:
    """{file name: bytes}. PNG/SVG are skipped (noted in README.txt) when Chromium is missing."""
    bad = set(req.formats) - set(FORMATS)
    if bad:
        raise ValueError(f"unknown export formats: {', '.join(sorted(bad))}; allowed: {', '.join(FORMATS)}")
    note = progress or (lambda frac, msg: None)
    files: dict[str, bytes] = {}
    base = max(12, round(req.width / 90))
    charts = []
    for title, fig in req.charts:
        styled = slide_style(fig, req.width)
        charts.append((slug(title), with_caption(styled, req.caption, round(base * 0.8)) if req.caption else styled))
    images = [f for f in ("png", "svg") if f in req.formats]
    can_render = renderer.available()
    steps = max(1, len(charts) * (len(images) if can_render else 0) + 1)
    done = 0
    skipped = list(req.skipped)
    for name, fig in charts:
        if "csv" in req.formats:
            files[f"data/{name}.csv"] = figure_csv(fig).encode()
        for fmt in images:
            if not can_render:
                continue
            note(done / steps, f"rendering {name}.{fmt}")
            scale = req.scale if fmt == "png" else 1.0
            files[f"{fmt}/{name}.{fmt}"] = renderer.render(fig, fmt, req.width, req.height, scale)
            done += 1
    if images and not can_render:
        skipped.append(f"{', '.join(i.upper() for i in images)} skipped: {renderer.ENABLE_HINT}")
    if "html" in req.formats:
        files["charts.html"] = standalone_html(charts, req.meta.get("title", "Model Collapse Explorer")).encode()
    if "json" in req.formats:
        files["config.json"] = json.dumps(req.meta, indent=2).encode()
    files["permalink.txt"] = (req.permalink + "\n").encode()
    readme = [f"Exported from Model Collapse Explorer. Permalink: {req.permalink}", req.caption, *skipped]
    files["README.txt"] = ("\n".join(line for line in readme if line) + "\n").encode()
    note(1.0, "done")
    return files


def build_zip(req: PackRequest, progress: Callable[[float, str], None] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in build_files(req, progress).items():
            zf.writestr(name, data)
    return buf.getvalue()
