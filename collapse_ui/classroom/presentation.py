"""Presentation mode and projector themes: page CSS, and figures restyled for it.

Streamlit sizes its type in rem, so one root font size scales the whole page. Figures are
restyled after they are built (pure: figure in, figure out), so no chart builder needs to know
about classrooms: dark backgrounds swap black for white, text and axes follow, every font grows.
The app frame (app.py) asks `active()` and `sidebar_state()` before the page runs.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import streamlit as st

from collapse_ui import palette
from collapse_ui.classroom.assets import text as asset

_PRESENT_KEY = "_classroom.present_key"  # which session key holds the current page's flag
_FORCED_KEY = "_classroom.theme_forced"  # this session asked for a light/dark theme
_TRUE = ("1", "true", "yes", "on")

LIGHT, DARK = palette.LIGHT, palette.DARK
WHITE = "#FFFFFF"


def _url_flag(name: str = "present") -> bool:
    return str(st.query_params.get(name, "")).strip().lower() in _TRUE


def phone() -> bool:
    """A phone in a class's room (room=CODE&phone=1): the app frame draws nothing of its own."""
    return _url_flag("phone") and bool(str(st.query_params.get("room", "")).strip())


def register(key: str) -> None:
    """Called by the page's classroom: the widget key that holds presentation mode."""
    st.session_state[_PRESENT_KEY] = key


def active() -> bool:
    """Is the page being presented? Reads the toggle's session value when the page has one (it
    changes before the URL does), else the URL flag. Safe to call from app.py before the page."""
    key = st.session_state.get(_PRESENT_KEY)
    if key and key in st.session_state:
        return bool(st.session_state[key])
    return _url_flag()


def sidebar_state() -> str:
    """For st.set_page_config: a presentation link opens with the sidebar collapsed."""
    return "collapsed" if _url_flag() or phone() else "auto"


def is_dark(theme: str) -> bool:
    if theme in ("light", "dark"):
        return theme == "dark"
    try:
        return st.context.theme.type == "dark"
    except Exception:  # no browser context (AppTest, bare mode)
        return False


def css(*, present: bool) -> str:
    """The page's style block (classroom.css; presentation.css too when presenting)."""
    files = ("classroom.css", "presentation.css") if present else ("classroom.css",)
    return "<style>\n" + "".join(asset(f) for f in files) + "</style>"


# Streamlit's own switch for a page's theme from its address (its embed options, honoured without
# embed=true). The server may not write it (st.query_params refuses), so the browser does, once.
_THEME_OPTIONS = {"light": "light_theme", "dark": "dark_theme"}


def theme_script(theme: str) -> str:
    """A script that makes the page's chrome follow `theme=light|dark` (or, for auto, the app
    menu and the browser again) through Streamlit's own themes: when the address does not yet
    say so it adds (or removes) `embed_options=<theme>_theme` and reloads the page once. The
    settings travel in the address, so the reload reopens the same picture (theme.js)."""
    config = {"want": _THEME_OPTIONS.get(theme, ""), "theme": theme, "themes": list(_THEME_OPTIONS.values())}
    return f"<script>\n{asset('theme.js').replace('__THEME__', json.dumps(config))}</script>"


def theme_switch(theme: str) -> str:
    """`theme_script(theme)` when the page's chrome has to change, else "" (most runs): a
    light/dark flag the browser does not show yet, or a change back to auto from a flag this
    session set (its embed option is still in the address)."""
    forced_before = st.session_state.get(_FORCED_KEY)
    st.session_state[_FORCED_KEY] = theme in _THEME_OPTIONS
    if theme in _THEME_OPTIONS:
        try:
            shown = st.context.theme.type
        except Exception:  # no browser context (AppTest, bare mode)
            shown = None
        return "" if shown == theme else theme_script(theme)
    return theme_script(theme) if forced_before else ""


def _swap(colour, dark: bool):
    if not dark or not isinstance(colour, str):
        return colour
    low = colour.lower()
    if low in (palette.BLACK.lower(), "black", "#1a1a1a", "#333", "#444"):
        return WHITE
    return colour


def restyle(fig: go.Figure, *, present: bool, dark: bool) -> go.Figure:
    """The same figure for a projector and/or a dark background. Colours stay Okabe-Ito: only
    black (the truth) becomes white on dark; text, axes and grid follow the background."""
    if not present and not dark:
        return fig  # every chart is drawn in the light look already (figures/style.new_figure)
    c = DARK if dark else LIGHT
    scale = 1.45 if present else 1.0
    for tr in fig.data:
        line = getattr(tr, "line", None)
        if line is not None and line.color is not None:
            line.color = _swap(line.color, dark)
            if present and line.width:
                line.width = line.width * 1.3
        fill = getattr(tr, "fillcolor", None)
        if dark and isinstance(fill, str) and fill.startswith("rgba("):
            # A 20% band vanishes on a dark background: twice as opaque there.
            *rgb, alpha = fill[5:-1].split(",")
            tr.fillcolor = f"rgba({','.join(rgb)}, {min(1.0, 2.2 * float(alpha)):.2f})"
        marker = getattr(tr, "marker", None)
        if marker is not None and isinstance(marker.color, str):
            marker.color = _swap(marker.color, dark)
    base = fig.layout.font.size or 15
    fig.update_layout(
        template="plotly_dark" if dark else "plotly_white",
        paper_bgcolor=c["bg"],
        plot_bgcolor=c["bg"],
        font={"size": round(base * scale), "color": c["text"]},
        title_font={"size": round((fig.layout.title.font.size or 17) * scale), "color": c["text"]},
        legend_font={"size": round((fig.layout.legend.font.size or 14) * scale), "color": c["text"]},
    )
    if present:
        fig.update_layout(height=round((fig.layout.height or 460) * 1.25))
        m = fig.layout.margin
        fig.update_layout(
            margin={"l": round((m.l or 70) * 1.3), "t": round((m.t or 60) * 1.3), "r": m.r, "b": m.b}
        )
    # Axis titles grow less than the rest: at 1.45x a long y title ("fitted variance ÷ true
    # variance") is taller than the plot beside it and runs into the chart's title.
    axis_title = {"color": c["text"], **({"size": round(base * 1.2)} if present else {})}
    fig.update_xaxes(
        linecolor=c["axis"],
        gridcolor=c["grid"],
        zerolinecolor=c["grid"],
        tickfont={"color": c["text"]},
        title_font=axis_title,
    )
    fig.update_yaxes(
        linecolor=c["axis"],
        gridcolor=c["grid"],
        zerolinecolor=c["grid"],
        tickfont={"color": c["text"]},
        title_font=axis_title,
    )
    for shape in fig.layout.shapes:  # a black reference line (the truth, the simulation's value)
        if shape.line is not None and shape.line.color is not None:
            shape.line.color = _swap(shape.line.color, dark)
    for ann in fig.layout.annotations:
        ann.font.color = c["text"]
        if present:
            ann.font.size = round((ann.font.size or 13) * scale)
        if ann.bgcolor:
            ann.bgcolor = palette.rgba(c["bg"], 0.85)
    fig.update_layout(hoverlabel={"font": {"size": round(14 * scale)}})
    return fig
