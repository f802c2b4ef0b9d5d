"""The first chart of a page whose truth is your data: the data's histogram beside the model
one chain fitted at generation 1 and at the last generation, on the column's name and unit."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from scipy import stats

from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import style

TITLE = "Your data beside the models fitted to it"


def axis_label(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit else name


def figure(d: ChainDigest, values: np.ndarray, name: str, unit: str, fitted) -> go.Figure:
    """`fitted(d, g)` -> (mean, sd) of the first chain's model at generation g."""
    values = np.asarray(values, dtype=float)
    fig = style.new_figure(TITLE, axis_label(name, unit), "probability density")
    fig.add_trace(
        go.Histogram(
            x=values,
            histnorm="probability density",
            name=f"your data ({values.size:,} values)",
            marker={"color": palette.TRUTH},
            opacity=0.45,
        )
    )
    lo, hi = float(values.min()), float(values.max())
    pad = 0.25 * (hi - lo)
    grid = np.linspace(lo - pad, hi + pad, 401)
    for g, colour, width in ((1, palette.SERIES[0], 2), (d.last, palette.PICKED, 4)):
        mean, sd = fitted(d, g)
        with np.errstate(under="ignore", over="ignore"):
            y = stats.norm.pdf(grid, mean, max(sd, np.finfo(float).tiny))
        fig.add_trace(
            go.Scatter(
                x=grid,
                y=y,
                mode="lines",
                name=f"fitted, generation {g:,}",
                line={"color": colour, "width": width},
            )
        )
    return fig


def caption(d: ChainDigest, name: str) -> str:
    return (
        f"The bars are your data ({name}); the curves are the model one chain fitted at generation 1 "
        f"(on a resample of your data, drawn with replacement) and at generation {d.last:,}."
    )
