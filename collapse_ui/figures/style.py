"""What every chart shares: fonts sized for a projector, the legend below the plot, the traces
for a median with its band, a few chains and a dashed theory curve."""

from __future__ import annotations

import copy
import math
import os

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from collapse_ui import palette
from collapse_ui.digest import Band

HEIGHT = 460
# Plotly checks every property as it is set, which was 60-90% of building a chart (every cache
# miss of every page). Our builders set the same kinds of properties on every run, and
# tests/ui/test_figure_validation.py checks that every page's charts, at its defaults and at each
# preset, are the same JSON with and without the checks: so the app builds them unchecked
# (plotly's own `_validate` switch). COLLAPSE_VALIDATE_FIGURES=1 turns the checks back on.
VALIDATE = os.environ.get("COLLAPSE_VALIDATE_FIGURES") == "1"
# The template as data: unchecked, plotly would send the bare name, which plotly.js ignores.
_TEMPLATE = pio.templates["plotly_white"].to_plotly_json()
# Every axis of every chart (subplots and the side-by-side comparison included).
AXES = {
    "showline": True,
    "linecolor": palette.LIGHT["axis"],
    "gridcolor": palette.LIGHT["grid"],
    "zerolinecolor": palette.LIGHT["grid"],
    "ticks": "outside",
}
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 15, "color": palette.LIGHT["text"]}


def new_figure(title: str, x_title: str, y_title: str, *, log_y: bool = False) -> go.Figure:
    # One layout given at construction: the template replaces plotly's default one (loading both
    # costs ~4 ms) and is a copy per figure, so restyling one never reaches another; unchecked,
    # later update_layout calls would check everything set here again.
    layout = {
        "template": copy.deepcopy(_TEMPLATE),
        "paper_bgcolor": palette.LIGHT["bg"],
        "plot_bgcolor": palette.LIGHT["bg"],
        "height": HEIGHT,
        "font": dict(FONT),
        "title": {"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 17}},
        # A horizontal legend under the x-axis title never covers the data.
        "legend": {
            "orientation": "h",
            "x": 0.0,
            "xanchor": "left",
            "y": -0.3,
            "yanchor": "top",
            "font": {"size": 14},
        },
        "margin": {"l": 70, "r": 20, "t": 60, "b": 10},
        "hovermode": "x unified",
        "xaxis": {"title": {"text": x_title}, **AXES},
        "yaxis": {
            "title": {"text": y_title},
            **AXES,
            "type": "log" if log_y else "linear",
            "exponentformat": "power",
        },
    }
    return go.Figure(layout=layout, _validate=VALIDATE)


def log_range(fig: go.Figure, low: float, high: float, *, labels: int = 6, **where) -> None:
    """Show [low, high] on a log y-axis with at most about `labels` tick labels: whole decades
    (every n-th one on a long axis), or 1-2-5 steps when the axis spans under two decades.
    Plotly's own choice labels every digit of a short axis and every decade of a long one,
    both too crowded on a small chart."""
    lo, hi = float(np.log10(low)), float(np.log10(high))
    span = hi - lo
    if span >= 2:
        fig.update_yaxes(range=[lo, hi], dtick=max(1, math.ceil(span / labels)), **where)
        return
    # Short axis: 1-2-5 steps written out in full ("0.5", not plotly's bare "5" of dtick="D2").
    ticks = [m * 10.0**e for e in range(math.floor(lo) - 1, math.ceil(hi) + 1) for m in (1, 2, 5)]
    ticks = [t for t in ticks if low <= t <= high]
    fig.update_yaxes(
        range=[lo, hi], tickmode="array", tickvals=ticks, ticktext=[f"{t:g}" for t in ticks], **where
    )


def band(
    fig: go.Figure, x: np.ndarray, b: Band, colour: str, name: str, *, showlegend: bool = True, **where
) -> None:
    """The 5-95% band as a filled area, then the median as a solid line on top."""
    group = f"band-{name}"
    common = {"mode": "lines", "legendgroup": group}
    fig.add_trace(
        go.Scatter(x=x, y=b.q95, line={"width": 0}, showlegend=False, hoverinfo="skip", **common), **where
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=b.q05,
            line={"width": 0},
            fill="tonexty",
            hoverinfo="skip",
            fillcolor=palette.rgba(colour, 0.2),
            name=f"{name}: 5–95% of chains",
            showlegend=showlegend,
            **common,
        ),
        **where,
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=b.median,
            line={"color": colour, "width": 3},
            name=f"{name}: median",
            showlegend=showlegend,
            **common,
        ),
        **where,
    )


def chains(fig: go.Figure, x: np.ndarray, ys: np.ndarray, *, showlegend: bool = True, **where) -> None:
    """A few individual chains, thin and grey: texture, not the message."""
    for i, y in enumerate(ys):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                # Opaque: at 0.7 the grey gave 2.2:1 on white (lines need 3:1); thin keeps it quiet.
                line={"color": palette.TRAJECTORY, "width": 1},
                name=f"{len(ys)} single chains",
                legendgroup="chains",
                showlegend=showlegend and i == 0,
                hoverinfo="skip",
            ),
            **where,
        )


def theory(
    fig: go.Figure,
    x: np.ndarray,
    y: np.ndarray,
    name: str,
    colour: str,
    dash: str = "dash",
    *,
    showlegend: bool = True,
    **where,
) -> None:
    """A closed-form curve: dashed, and named 'theory: ...' so it is never mistaken for data."""
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            line={"color": colour, "width": 2.5, "dash": dash},
            name=f"theory: {name}",
            legendgroup=f"theory-{name}",
            showlegend=showlegend,
        ),
        **where,
    )


def level(
    fig: go.Figure,
    x: np.ndarray,
    value: float,
    name: str,
    colour: str,
    dash: str = "dot",
    width: float = 2,
    **where,
) -> None:
    """A horizontal reference line that appears in the legend (unlike add_hline)."""
    fig.add_trace(
        go.Scatter(
            x=[x[0], x[-1]],
            y=[value, value],
            mode="lines",
            name=name,
            line={"color": colour, "width": width, "dash": dash},
            hoverinfo="skip",
        ),
        **where,
    )
