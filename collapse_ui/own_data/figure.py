"""The first chart of a page whose truth is your data: the data's histogram beside the model
one chain fitted at generation 1 and at the last generation, on the column's name and unit."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
from scipy import stats

from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import style

TITLE = "Your data beside the models fitted to it"


def plain(text: str) -> str:
    """A user's text for a Plotly label: its HTML-like tags shown as written, never applied."""
    return html.escape(text, quote=False)


def axis_label(name: str, unit: str) -> str:
    return plain(f"{name} ({unit})" if unit else name)


def gaussian_curves(d: ChainDigest, values: np.ndarray, fitted) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(label, x, density) of the first chain's fitted bell curve at generation 1 and the last;
    `fitted(d, g)` -> (mean, sd)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = 0.25 * (hi - lo)
    grid = np.linspace(lo - pad, hi + pad, 401)
    out = []
    for g in (1, d.last):
        mean, sd = fitted(d, g)
        with np.errstate(under="ignore", over="ignore"):
            out.append(
                (f"fitted, generation {g:,}", grid, stats.norm.pdf(grid, mean, max(sd, np.finfo(float).tiny)))
            )
    return out


def figure(values: np.ndarray, name: str, unit: str, curves) -> go.Figure:
    """The data's histogram and the fitted models' densities: curves [(label, x, y)], the
    first drawn thin, the last thick (generation 1 and the last generation)."""
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
    for i, (label, x, y) in enumerate(curves):
        last = i == len(curves) - 1
        colour, width = (palette.PICKED, 4) if last else (palette.SERIES[0], 2)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=label, line={"color": colour, "width": width}))
    return fig


def caption(d: ChainDigest, name: str) -> str:
    return (
        f"The bars are your data ({plain(name)}); the curves are the models one chain fitted at the "
        "generations the legend names. Generation 1 was fitted on a resample of your data, drawn "
        "with replacement; every later one on draws from the model before it."
    )
