"""The "export for slides" pack: every chart as PNG and SVG, one interactive HTML, the data as
CSV, the config and seed as JSON, and the permalink, in one ZIP built only when asked.

Sizes: `width` x `height` is the slide picture's size (CSS pixels, as in plotly's write_image);
a PNG has (width x scale) x (height x scale) pixels, so 1920 x 1080 at scale 2 is a sharp
3840 x 2160 image for a 1080p slide. Every chart is laid out for export at a fixed height of
EXPORT_HEIGHT CSS pixels (the page's own layout, tuned for reading, with the legend moved to
the right) and zoomed to the requested size. So the text keeps its share of the picture
whatever the size: at 1080 px tall the body text is 30 px and titles 34 px, readable on a slide.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

from collapse_core import csv_safe
from collapse_core.userdata import store
from collapse_ui import describe
from collapse_ui.exporting import png_text, renderer, svg_text
from collapse_ui.exporting.figure_data import figure_csv, with_caption

FORMATS = ("png", "svg", "html", "csv", "json")
IMAGE_FORMATS = ("png", "svg")
EXPORT_HEIGHT = 540  # CSS px the charts are laid out at; zoomed to the requested height
CAPTION_FONT = 12  # CSS px at EXPORT_HEIGHT (24 px in a 1080 px tall picture)
BOTTOM = 62  # CSS px under the plot: tick labels and the x-axis title
MAX_SIDE = 4096  # CSS px: up to a 4K picture; 8000 px or a typo of 19200 is not a slide
MAX_PIXELS = 80_000_000  # PNG pixels: a bound on memory for one image


@dataclass(frozen=True)
class PackRequest:
    """What to export.

    Attributes:
        charts: [(title, figure, note), ...] as the page's charts() returns them; the note (the
            sentence the page shows under the chart) goes into the HTML and the README.
        meta: what config.json holds (title, page, settings, config with seed, permalink).
        permalink: the page's URL with every setting in the query string.
        stem: file-name stem carrying the page, key settings and seed.
        caption: the settings line drawn under every chart ("" for none).
        formats: a subset of FORMATS; the permalink and README are always written.
        width, height, scale: picture size (CSS px) and PNG pixel density.
    """

    charts: Sequence[tuple[str, go.Figure, str]]
    meta: dict
    permalink: str
    stem: str = "charts"
    caption: str = ""
    formats: tuple[str, ...] = FORMATS
    width: int = 1920
    height: int = 1080
    scale: float = 2.0
    skipped: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        bad = set(self.formats) - set(FORMATS)
        if bad:
            raise ValueError(
                f"unknown export formats: {', '.join(sorted(bad))}; allowed: {', '.join(FORMATS)}"
            )
        check_size(self.width, self.height, self.scale)


def check_size(width: int, height: int, scale: float) -> None:
    """Raise ValueError, naming the value, when a size is not a sensible picture."""
    for name, side in (("width", width), ("height", height)):
        if not 100 <= side <= MAX_SIDE:
            raise ValueError(f"{name} must be between 100 and {MAX_SIDE} pixels; got {side}")
    if not 0.25 <= scale <= 8:
        raise ValueError(f"scale must be between 0.25 and 8; got {scale}")
    if width * height * scale * scale > MAX_PIXELS:
        raise ValueError(f"{width}x{height} at scale {scale} is over {MAX_PIXELS:,} pixels; lower the scale")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def chart_name(number: int, title: str) -> str:
    """A chart's file name (no extension): "1-fitted-variance-relative-to-the-truth"."""
    return f"{number}-{slug(title)}"[:60].rstrip("-")


def chart_names(charts: Sequence[tuple]) -> list[str]:
    return [chart_name(i, c[0]) for i, c in enumerate(charts, start=1)]


def export_figure(fig: go.Figure, caption: str = "") -> go.Figure:
    """The page's figure restyled for a picture: EXPORT_HEIGHT tall, legend on the right of the
    plot (a 16:9 picture has room there, and the bottom keeps room for the caption), and the
    settings caption along the bottom edge. Font sizes are the page's: the zoom happens at
    render time (see `render_size`)."""
    out = go.Figure(fig)
    out.update_layout(
        height=EXPORT_HEIGHT,
        width=None,
        margin={"b": BOTTOM, "r": 20},
        title={"x": 0.012, "xref": "container"},  # the page's x=0 sits on the picture's edge
        legend={
            "orientation": "v",
            "x": 1.02,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "top",
            "yref": "paper",
        },
    )
    return with_caption(out, caption, CAPTION_FONT) if caption else out


def render_size(width: int, height: int, scale: float) -> tuple[float, int, float]:
    """(CSS width, CSS height, kaleido scale) that draw an export figure as a width x height
    picture: the layout stays EXPORT_HEIGHT tall and the zoom goes into the scale."""
    zoom = height / EXPORT_HEIGHT
    return width / zoom, EXPORT_HEIGHT, zoom * scale  # a fractional CSS width keeps the PNG exact


def sized_svg(svg: bytes, width: int, height: int) -> bytes:
    """Give an SVG drawn at layout size the requested outer size (its viewBox keeps the drawing)."""
    text = svg.decode()
    head, sep, rest = text.partition(">")
    head = re.sub(r'\swidth="[\d.]+"', f' width="{width}"', head, count=1)
    head = re.sub(r'\sheight="[\d.]+"', f' height="{height}"', head, count=1)
    return (head + sep + rest).encode()


def standalone_html(charts: Sequence[tuple[str, go.Figure, str]], title: str, permalink: str = "") -> str:
    """One self-contained page (plotly.js inlined once: works offline), each chart with its note."""
    esc = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{esc(title)}</title>",
        "<style>body{font-family:Arial,Helvetica,sans-serif;max-width:1200px;margin:2em auto;color:#1a1a1a}"
        "p.note{margin:0 0 2.5em 0}"
        ".sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}"
        "</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    if permalink:
        parts.append(
            f"<p>Open these settings in the app: <a href='{esc(permalink)}'>{esc(permalink)}</a></p>"
        )
    for i, (_, fig, note) in enumerate(charts):
        # The chart's text alternative, read before the interactive chart it describes.
        parts.append(f"<figure aria-describedby='chart-desc-{i + 1}' style='margin:0'>")
        parts.append(f"<p id='chart-desc-{i + 1}' class='sr-only'>{esc(describe.describe(fig))}</p>")
        parts.append(
            pio.to_html(
                fig,
                full_html=False,
                include_plotlyjs=(i == 0),
                config={"responsive": True, "displaylogo": False},
            )
        )
        parts.append("</figure>")
        if note:
            parts.append(f"<p class='note'>{esc(note)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def build_files(req: PackRequest, progress: Callable[[float, str], None] | None = None) -> dict[str, bytes]:
    """{file name: bytes}. PNG/SVG are skipped (and README.txt says how to enable them) when
    Chromium is missing; everything else is written either way."""
    note = progress or (lambda frac, msg: None)
    files: dict[str, bytes] = {}
    names = chart_names(req.charts)
    styled = [(title, export_figure(fig, req.caption), text) for title, fig, text in req.charts]
    images = [f for f in IMAGE_FORMATS if f in req.formats]
    skipped = list(req.skipped)
    if images and not renderer.available():
        skipped.append(f"{' and '.join(i.upper() for i in images)} skipped: {renderer.ENABLE_HINT}")
        images = []
    css_w, css_h, zoom_scale = render_size(req.width, req.height, req.scale)
    for i, (name, (_, fig, _), (_, page_fig, _)) in enumerate(zip(names, styled, req.charts, strict=True)):
        if "csv" in req.formats:
            files[f"data/{req.stem}_{name}.csv"] = figure_csv(fig).encode()
        if images:
            note(i / len(styled), f"Rendering chart {i + 1} of {len(styled)} ({', '.join(images).upper()})")
            jobs = [(fig, fmt, css_w, css_h, zoom_scale if fmt == "png" else 1.0) for fmt in images]
            for fmt, data in zip(images, renderer.render_many(jobs), strict=True):
                if fmt == "svg":
                    data = svg_text.described(sized_svg(data, req.width, req.height), page_fig)
                elif fmt == "png":
                    data = png_text.described(data, page_fig)
                files[f"{fmt}/{req.stem}_{name}.{fmt}"] = data
    note(0.95, "Writing HTML, data and settings")
    title = req.meta.get("title", "Model Collapse Explorer")
    if "html" in req.formats:
        files[f"{req.stem}.html"] = standalone_html(styled, title, req.permalink).encode()
    if "json" in req.formats:
        files["config.json"] = json.dumps(req.meta, indent=2, default=str).encode()
    data_hash = (
        (req.meta.get("config") or {}).get("data") if isinstance(req.meta.get("config"), dict) else None
    )
    if data_hash:  # your data travels with the pack, so it reruns anywhere (its hash: config.json)
        ds = store.get(data_hash)
        if ds is not None:
            files[f"data/your_data_{data_hash[:12]}.csv"] = csv_safe.columns_csv(ds.columns).encode()
    files["permalink.txt"] = (req.permalink + "\n").encode()
    files["README.txt"] = readme(req, names, skipped).encode()
    note(1.0, "Done")
    return files


def readme(req: PackRequest, names: list[str], skipped: list[str]) -> str:
    px = f"{round(req.width * req.scale)}x{round(req.height * req.scale)}"
    lines = [
        f"{req.meta.get('title', 'Model Collapse Explorer')} - exported from Model Collapse Explorer",
        "",
        f"Settings: {req.caption}" if req.caption else "",
        f"Open the same picture in the app: {req.permalink}",
        "",
        f"png/   each chart as a {px} pixel PNG ({req.width}x{req.height} at scale {req.scale:g})",
        f"svg/   each chart as a {req.width}x{req.height} SVG (vector: any size)",
        f"{req.stem}.html   all charts, interactive, works offline",
        "data/  the numbers behind each chart (trace, axes, x, y)",
        "config.json   the page settings and the simulation's configuration, seed included",
        "",
        "Charts:",
        *(f"  {n}: {c[2]}" for n, c in zip(names, req.charts, strict=True)),
        "",
        *skipped,
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def build_zip(req: PackRequest, progress: Callable[[float, str], None] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in build_files(req, progress).items():
            # PNG is compressed already: storing it saves time and loses nothing.
            kind = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            zf.writestr(
                name, data, compress_type=kind, compresslevel=6 if kind == zipfile.ZIP_DEFLATED else None
            )
    return buf.getvalue()
