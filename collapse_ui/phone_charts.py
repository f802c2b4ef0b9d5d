"""Phone-sized charts: the script that lays every Plotly chart out again in the browser when it
is drawn narrow (phone_charts.js), and the style sheet that hides the chart toolbar on narrow
screens (it would sit over the titles; the SVG button and the export panel still download).
Called once per run by the frame every page shares (app.py)."""

from __future__ import annotations

import functools
from importlib import resources

import streamlit as st

# The toolbar covers a phone's chart titles; below this width the page shows none.
STYLE = """<style>
@media (max-width: 640px) {
  .js-plotly-plot .modebar-container { display: none !important; }
}
</style>"""


@functools.cache
def script() -> str:
    return resources.files(__package__).joinpath("phone_charts.js").read_text(encoding="utf-8")


def script_html() -> str:
    """The script element as the page gets it (a fixed text: the fuzz tests know it as the app's own)."""
    return f"<script>\n{script()}</script>"


def install() -> None:
    """The style and the script, as invisible elements of this run."""
    st.html(STYLE)
    st.html(script_html(), unsafe_allow_javascript=True)
