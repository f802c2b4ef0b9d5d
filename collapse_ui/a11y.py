"""What assistive technology gets beside each chart (chart.show calls `chart_text`): the chart's
description as visually hidden text right before it, and its numbers in a "Show the numbers"
expander; plus the one style rule that hides text visually but not from screen readers.

The description is read from the full figure (the digest's own numbers, not the screen's
float32 copies); the table from the figure the screen shows, so it holds the same decimated
series as the chart (collapse_ui/describe.py). Each is kept on its figure: the cached figures
are shared read-only, and a rerun that draws nothing new computes nothing new.
"""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from collapse_ui import describe
from collapse_ui.classroom.console import CURTAIN_NAME

_ATTR = "_mce_text"
CSS = (Path(__file__).parent / "a11y.css").read_text(encoding="utf-8")
LIVE_JS = (Path(__file__).parent / "live.js").read_text(encoding="utf-8").replace("__CURTAIN__", CURTAIN_NAME)


def page_css() -> None:
    """The page-wide rules (a11y.css): hidden descriptions, slider values in the text colour,
    a visible focus ring, no motion for those who asked for less. Sent with only style in it,
    so Streamlit puts it in its event container (no element in the page's flow)."""
    st.html(f"<style>{CSS}</style>")


def live_region() -> None:
    """The app's one polite live region (live.js): changed headline numbers and the player's
    generation, throttled; the script installs it once per browser page."""
    st.html(live_script(), unsafe_allow_javascript=True)


def live_script() -> str:
    """What live_region sends: a fixed text (the fuzz suite knows it as the app's own)."""
    return f"<script>{LIVE_JS}</script>"


def _memo(fig: go.Figure, what: str, build):
    memo = getattr(fig, _ATTR, None)
    if memo is None:
        memo = {}
        setattr(fig, _ATTR, memo)  # BaseFigure lets private attributes through
    if what not in memo:
        memo[what] = build(fig)
    return memo[what]


def description(fig: go.Figure) -> str:
    return _memo(fig, "description", describe.describe)


def description_html(text: str) -> str:
    return f'<p class="mce-sr-only mce-chart-description">Chart description: {html.escape(text)}</p>'


def chart_description(fig: go.Figure) -> None:
    """The hidden description, placed before the chart it describes (read first)."""
    st.html(description_html(description(fig)))  # st.html: no Markdown or LaTeX read into it


def chart_numbers(fig: go.Figure, key: str) -> None:
    """The chart's series as a table, folded away under "Show the numbers": the table is built
    and sent only while the expander is open (opening it reruns the page)."""
    frame = _memo(fig, "table", describe.table)
    if frame is None:
        return
    numbers = st.expander("Show the numbers", key=key, on_change="rerun")
    if numbers.open:
        with numbers:
            st.dataframe(frame, hide_index=True)
