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

import plotly.graph_objects as go
import streamlit as st

from collapse_ui import describe

_ATTR = "_mce_text"
# Off screen but in the accessibility tree (the usual "visually hidden" pattern).
SR_ONLY_CSS = (
    ".mce-sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;"
    "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}"
)


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
    return (
        f"<style>{SR_ONLY_CSS}</style>"
        f'<p class="mce-sr-only mce-chart-description">Chart description: {html.escape(text)}</p>'
    )


def chart_description(fig: go.Figure) -> None:
    """The hidden description, placed before the chart it describes (read first)."""
    st.markdown(description_html(description(fig)), unsafe_allow_html=True)


def chart_numbers(fig: go.Figure, key: str) -> None:
    """The chart's series as a table, folded away under "Show the numbers"."""
    frame = _memo(fig, "table", describe.table)
    if frame is None:
        return
    with st.expander("Show the numbers"):
        st.dataframe(frame, hide_index=True, key=key)
