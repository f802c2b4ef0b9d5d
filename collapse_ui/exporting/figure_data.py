"""The data behind a figure, read from the figure itself (so the CSV cannot disagree with it),
and the settings caption drawn under a figure."""

from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go

from collapse_core import csv_safe

CAPTION_COLOUR = "#444444"


def _values(v) -> list:
    if v is None:
        return []
    return np.asarray(v).tolist()


def figure_csv(fig: go.Figure) -> str:
    """Long format, one row per plotted point: trace name, subplot axes, x, y.

    Traces without a name get "trace <index>"; a band's invisible upper edge is one of those
    (its lower edge carries the band's name). Gaps (None/NaN) are written as empty cells. A
    figure with an image-like trace (a heatmap's 2-D z) gets a z column: one row per cell, x
    and y its column and row (the axis values when the trace has them), gaps left out."""
    buf = io.StringIO()
    w = csv_safe.writer(buf, lineterminator="\n")  # trace names may be a user's column names
    grids = any(np.ndim(getattr(tr, "z", None)) == 2 for tr in fig.data)
    w.writerow(["trace", "xaxis", "yaxis", "x", "y", *(["z"] if grids else [])])
    pad = [""] if grids else []
    for i, tr in enumerate(fig.data):
        name = tr.name or f"trace {i}"
        xa, ya = getattr(tr, "xaxis", None) or "x", getattr(tr, "yaxis", None) or "y"
        if grids and np.ndim(getattr(tr, "z", None)) == 2:
            _grid_rows(w, name, xa, ya, tr)
            continue
        xs, ys = _values(getattr(tr, "x", None)), _values(getattr(tr, "y", None))
        if not ys:
            continue
        if not xs:
            xs = list(range(len(ys)))
        for x, y in zip(xs, ys, strict=False):
            blank = y is None or (isinstance(y, float) and np.isnan(y))
            w.writerow([name, xa, ya, x, "" if blank else y, *pad])
    return buf.getvalue()


def _grid_rows(w, name: str, xa: str, ya: str, tr) -> None:
    z = np.asarray(tr.z, dtype=float)
    xs = _values(getattr(tr, "x", None)) or list(range(z.shape[1]))
    ys = _values(getattr(tr, "y", None)) or list(range(z.shape[0]))
    for r, c in zip(*np.nonzero(np.isfinite(z)), strict=True):
        w.writerow([name, xa, ya, xs[c], ys[r], float(z[r, c])])


def with_caption(fig: go.Figure, text: str, font_size: int = 12, pad: int = 6) -> go.Figure:
    """A copy of fig with a caption line (settings and seed) at the bottom edge of the figure.

    The bottom margin grows by one caption line and the caption sits in that new strip, below
    everything the margin held before (tick labels, axis title, a legend below the plot), so it
    overlaps nothing. Its position is worked out from the figure's height and margins, which
    must therefore be fixed: a figure without a layout height gets plotly's default, 450 px.
    """
    out = go.Figure(fig)  # a copy: the caller's figure is left as it was
    height = out.layout.height or 450
    top = out.layout.margin.t if out.layout.margin.t is not None else 100
    bottom = out.layout.margin.b if out.layout.margin.b is not None else 80
    strip = round(font_size * 1.5) + pad
    bottom += strip
    out.update_layout(margin={"b": bottom})
    plot_height = height - top - bottom
    if plot_height <= 0:
        raise ValueError(f"a figure {height} px tall has no room for a caption under margins {top}+{bottom}")
    out.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        # pad px above the figure's bottom edge, in units of the plot area's height
        y=-(bottom - pad) / plot_height,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": font_size, "color": CAPTION_COLOUR},
    )
    return out
