"""The mixture page's first chart with your data: the data's histogram beside chain 1's
fitted mixture at generation 1 and the last, mapped back from the chain's standardised
scale to the data's own units (x = mean + unit * z, collapse_core.mixture.on_data)."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from collapse_core.mixture import on_data
from collapse_core.userdata import store
from collapse_ui.own_data import figure as data_figure


def _density(w, mu, var, x):
    sd = np.sqrt(var)
    with np.errstate(under="ignore"):
        z = (x[:, None] - mu[None, :]) / sd
        return (w * np.exp(-0.5 * z * z) / (sd * np.sqrt(2 * np.pi))).sum(axis=1)


def data_chart(d, values: dict[str, Any] | None) -> list[tuple[str, go.Figure, str]]:
    ds = store.get(values["data"]) if values and values.get("data") else None
    if ds is None or not d.config.data:
        return []
    col = next(iter(ds.columns))
    name = ds.name or col
    x = ds.numeric(col)
    _, _, mean, unit = on_data.scaled(d.config.data, d.config.components, d.config.variance_floor)
    lo, hi = float(x.min()), float(x.max())
    grid = np.linspace(lo - 0.25 * (hi - lo), hi + 0.25 * (hi - lo), 401)
    curves = []
    for g in dict.fromkeys((1, d.last)):
        w, mu, cov = d.weights[g], d.means[g, :, 0], d.covariances[g, :, 0, 0]
        y = _density(w, mean + unit * mu, unit * unit * cov, grid)
        curves.append((f"fitted mixture, generation {g:,}", grid, y))
    fig = data_figure.figure(x, name, ds.unit, curves)
    return [(data_figure.TITLE, fig, data_figure.caption(d, name))]
