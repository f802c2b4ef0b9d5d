"""The data behind a figure, read from the figure itself (so the CSV cannot disagree with it)."""

from __future__ import annotations

import copy
import csv
import io

import numpy as np
import plotly.graph_objects as go


def _values(v) -> list:
    if v is None:
        return []
    return np.asarray(v).tolist()


def figure_csv(fig: go.Figure) -> str:
    """Long format, one row per plotted point: subplot axes, trace name, x, y."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["trace", "xaxis", "yaxis", "x", "y"])
    for i, tr in enumerate(fig.data):
        name = tr.name or f"trace {i}"
        xs, ys = _values(getattr(tr, "x", None)), _values(getattr(tr, "y", None))
        if not ys:
            continue
        if not xs:
            xs = list(range(len(ys)))
        xa, ya = getattr(tr, "xaxis", None) or "x", getattr(tr, "yaxis", None) or "y"
        for x, y in zip(xs, ys, strict=False):
            w.writerow([name, xa, ya, x, "" if y is None else y])
    return buf.getvalue()


def with_caption(fig: go.Figure, text: str, font_size: int = 12) -> go.Figure:
    """A copy of fig with a caption line (parameters and seed) below the plot area."""
    out = go.Figure(copy.deepcopy(fig))
    margin_b = out.layout.margin.b if out.layout.margin.b is not None else 80
    out.update_layout(margin={"b": margin_b + font_size * 3})
    out.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-margin_b,
        showarrow=False,
        align="left",
        font={"size": font_size, "color": "#444444"},
    )
    return out
