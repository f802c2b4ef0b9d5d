"""A generic chart: one metric's median and 5-95% band over generations, a few chains, a
reference level and optional theory curves. Shared by the families whose extra charts are
plain bands (KDE, regression)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import axis, style


def figure(
    d: ChainDigest,
    metric: str,
    title: str,
    y_title: str,
    *,
    truth: float | None = None,
    truth_name: str = "truth",
    theory: tuple[tuple[str, str, str], ...] = (),
    log_y: str | bool = axis.LINEAR,
    floor: float = 0.0,
) -> go.Figure:
    """theory: (key in d.theory, name, colour); a float entry draws a level, an array a curve.
    log_y: 'auto' (log when the median spans more than two decades), 'linear' or 'log'."""
    x = d.generations
    log_y = axis.use_log(log_y, d.bands[metric].median)
    fig = style.new_figure(title, "generation", y_title, log_y=log_y)
    if truth is not None:
        style.level(fig, x, truth, truth_name, palette.TRUTH, width=1.5)
    if metric in d.chains:
        style.chains(fig, x, d.chains[metric])
    style.band(fig, x, d.bands[metric], palette.SIMULATION, "simulation")
    for key, name, colour in theory:
        if key not in d.theory:
            continue
        val = d.theory[key]
        if np.ndim(val) == 0:
            style.level(fig, x, float(val), f"theory: {name}", colour, dash="dashdot")
        else:
            style.theory(fig, x, np.asarray(val, dtype=float), name, colour)
    if log_y:
        b = d.bands[metric]
        hi = max(float(np.nanmax(b.q95)), 1e-300)
        lo = max(
            float(np.nanmin(b.q05[1:])) if b.q05.size > 1 else hi, 1e-6 * hi
        )  # zeros stay off a log axis
        vals = [lo, hi] + ([truth] if truth else [])
        style.log_range(fig, min(vals) / 1.5, max(vals) * 1.5)
    else:
        b = d.bands[metric]
        top = float(np.nanmax(b.q95))
        if truth is not None:
            top = max(top, truth)
        fig.update_yaxes(range=[floor, max(top * 1.1, floor + 1e-9)])
    return fig
