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

from collapse_core import allocator
from collapse_core.bounded import ByteLRU, budget_from_env, nbytes
from collapse_ui import a11y, colour_words, preload_store
from collapse_ui.exporting import pack, renderer, svg_text
from collapse_ui.exporting.pages import PageSpec
from collapse_ui.figures import sendable, slim

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
        return svg_text.described(pack.sized_svg(data, width, height), fig)

    return build


def show(
    spec: PageSpec,
    values: dict[str, Any],
    title: str,
    fig: go.Figure,
    note: str,
    index: int,
    style: Callable[[go.Figure], go.Figure] | None = None,
    shown: go.Figure | None = None,
    style_key: Any = None,
    dark: bool = False,
) -> None:
    """One chart with its note, toolbar PNG download and on-demand SVG download. `shown` is
    what the screen gets (default: `fig` slimmed, see figures/slim.py); `style` (e.g. the
    classroom's projector theme) restyles a copy of it, remembered per `style_key` when `shown`
    is the cache's (read-only) figure; exports always use the full `fig`. `dark`: the chart is
    drawn in the dark look, and the note's colour words say so (collapse_ui/colour_words.py)."""
    name = f"{spec.file_stem(values)}_{pack.chart_name(index, title)}"
    shown = slim.figure(fig) if shown is None else shown
    if style is not None:
        shown = _styled(shown, style, style_key)
    a11y.chart_description(fig)
    st.plotly_chart(
        sendable.prepared(shown), theme=None, config=toolbar_config(name), key=f"{spec.name}.chart.{index}"
    )
    st.caption(colour_words.themed(note, dark))
    a11y.chart_numbers(shown, key=f"{spec.name}.numbers.{index}")
    if not renderer.available():
        return  # the export panel says once how to enable PNG/SVG
    caption = spec.settings_line(values) if st.session_state.get(caption_key(spec), True) else ""
    st.download_button(
        "SVG",
        data=_svg(fig, caption, 1920, 1080),
        file_name=f"{name}.svg",
        mime="image/svg+xml",
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
        key=f"{spec.name}.svg.{index}",
        help="This chart as a 1920×1080 vector picture, with the settings line (rendered on the server).",
    )


def _styled(shown: go.Figure, style: Callable[[go.Figure], go.Figure], key: Any) -> go.Figure:
    """`style` applied to a copy of `shown` (which may be shared through the cache). With a key,
    the copy is kept on `shown` per key: restyling costs as much as building, every rerun."""
    if key is None or not sendable.MEMOS:
        return style(go.Figure(shown))
    memo = getattr(shown, "_mce_styled", None)
    if memo is None:
        memo = {}
        shown._mce_styled = memo  # BaseFigure lets private attributes through
    if key not in memo:
        memo[key] = style(go.Figure(shown))
    return memo[key]


def show_all(
    spec: PageSpec,
    values: dict[str, Any],
    charts: Sequence[tuple],
    per_row: int = 2,
    style: Callable[[go.Figure], go.Figure] | None = None,
    style_key: Any = None,
    dark: bool = False,
) -> None:
    """The page's charts in rows of `per_row`, each through `show`. An item is (title, figure,
    note) or (title, figure, note, shown figure), as `built_charts` gives them."""
    for start in range(0, len(charts), per_row):
        row = charts[start : start + per_row]
        for offset, (column, item) in enumerate(zip(st.columns(per_row), row, strict=False)):
            title, fig, note, *shown = item
            with column:
                show(
                    spec,
                    values,
                    title,
                    fig,
                    note,
                    start + offset + 1,
                    style,
                    shown[0] if shown else None,
                    style_key if shown else None,
                    dark=dark,
                )


def display_key(spec: PageSpec, values: dict[str, Any]) -> tuple:
    """The settings a page's charts are drawn from (with the digest's config, the cache key)."""
    return tuple((p.name, values[p.name]) for p in spec.params)


def build(spec: PageSpec, digest: Any, display: tuple) -> tuple:
    """The page's charts as (title, full figure, note, slim figure), built now."""
    return tuple(
        (title, fig, note, slim.figure(fig)) for title, fig, note in spec.charts(digest, dict(display))
    )


def figure_bytes(fig: go.Figure) -> int:
    """What a figure holds: its traces' and layout's arrays and text, and the dict and JSON
    text kept for sending it (figures/sendable.py)."""
    return nbytes((fig._data, fig._layout, getattr(fig, sendable._ATTR, None)))


def charts_bytes(charts: tuple) -> int:
    """What a page's (title, full figure, note, slim figure) tuples hold."""
    return sum(
        len(title) + len(note) + figure_bytes(fig) + sum(map(figure_bytes, rest))
        for title, fig, note, *rest in charts
    )


# The page's charts, shared by every session (read-only), bounded in bytes: a full and a slim
# figure per chart, about 2 MB a page. COLLAPSE_FIGURE_CACHE_MB sets the budget.
FIGURES = ByteLRU(
    budget_from_env("COLLAPSE_FIGURE_CACHE_MB", 96),
    sizeof=charts_bytes,
    on_evict=lambda _: allocator.trim_soon(),
)


def _build_and_warm(spec: PageSpec, digest: Any, display: tuple) -> tuple:
    charts = build(spec, digest, display)
    for _, _, _, shown in charts:
        sendable.warm(shown)  # its JSON now (made on the first send anyway), so its size counts
    return charts


def _built(page: str, config: Any, display: tuple, _spec: PageSpec, _digest: Any) -> tuple:
    ready = preload_store.charts(page, config, display)  # built when the server started
    if ready is not None:
        return ready
    return FIGURES.get_or_compute((page, config, display), lambda: _build_and_warm(_spec, _digest, display))


_built.clear = FIGURES.clear  # empties the shared cache (tests)


def built_charts(spec: PageSpec, digest: Any, values: dict[str, Any]) -> tuple:
    """The page's charts (title, full figure, note, slim figure), built once per digest and
    display settings and shared by every session: building Plotly figures costs far more than
    sending them, so a rerun that changes nothing they show redraws nothing. Read-only: never
    mutate what this returns (chart.show restyles a copy)."""
    return _built(spec.name, digest.config, display_key(spec, values), spec, digest)
