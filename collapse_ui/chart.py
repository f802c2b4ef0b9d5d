"""The one place pages show a chart: st.plotly_chart with the toolbar set up for slides, and an
SVG download built on the server only when clicked.

    from collapse_ui import chart
    chart.show_all(spec, values, charts)     # the page's charts, two per row, each with its note

The toolbar's camera button downloads a PNG at SCALE x the chart's size on screen, named after
the page, its key settings, the seed and the chart (spec.file_stem). The SVG download is drawn
like the slide pack (collapse_ui/exporting/pack.py), caption included unless the export panel's
caption toggle is off. Without Chromium the SVG button is replaced by how to enable it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from collapse_ui.exporting import pack, renderer
from collapse_ui.exporting.registry import PageSpec
from collapse_ui.figures import slim

SCALE = 3  # toolbar PNG: 3 x the on-screen size (a 600 px chart gives 1800 px)


def caption_key(spec: PageSpec) -> str:
    """Session-state key of the "settings line under exported charts" toggle (export panel)."""
    return f"{spec.name}.export.caption"


def toolbar_config(file_name: str) -> dict:
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": SCALE},
    }


def _svg(fig: go.Figure, caption: str, width: int, height: int):
    def build() -> bytes:  # runs only when the button is clicked (Streamlit's deferred data)
        css_w, css_h, _ = pack.render_size(width, height, 1.0)
        data = renderer.render(pack.export_figure(fig, caption), "svg", css_w, css_h, 1.0)
        return pack.sized_svg(data, width, height)

    return build


def show(spec: PageSpec, values: dict[str, Any], title: str, fig: go.Figure, note: str, index: int,
         style: Callable[[go.Figure], go.Figure] | None = None) -> None:
    """One chart with its note, toolbar PNG download and on-demand SVG download. `style` (e.g.
    the classroom's projector theme) changes what is shown, never what is exported."""
    name = f"{spec.file_stem(values)}_{pack.chart_name(index, title)}"
    shown = slim.figure(fig)  # what a screen can show; exports use the full figure
    st.plotly_chart(style(shown) if style else shown, theme=None, config=toolbar_config(name),
                    key=f"{spec.name}.chart.{index}")
    st.caption(note)
    if not renderer.available():
        return  # the export panel says once how to enable PNG/SVG
    caption = spec.settings_line(values) if st.session_state.get(caption_key(spec), True) else ""
    st.download_button(
        "SVG", data=_svg(fig, caption, 1920, 1080), file_name=f"{name}.svg", mime="image/svg+xml",
        on_click="ignore", icon=":material/download:", type="tertiary", key=f"{spec.name}.svg.{index}",
        help="This chart as a 1920×1080 vector picture, with the settings line (rendered on the server).",
    )


def show_all(spec: PageSpec, values: dict[str, Any], charts: Sequence[tuple[str, go.Figure, str]],
             per_row: int = 2, style: Callable[[go.Figure], go.Figure] | None = None) -> None:
    """The page's charts in rows of `per_row`, each through `show`."""
    for start in range(0, len(charts), per_row):
        row = charts[start:start + per_row]
        for offset, (column, (title, fig, note)) in enumerate(zip(st.columns(per_row), row, strict=False)):
            with column:
                show(spec, values, title, fig, note, start + offset + 1, style)
