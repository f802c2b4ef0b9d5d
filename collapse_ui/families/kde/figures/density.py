"""KDE chart: one chain's estimated density at a few generations, against the truth."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

TITLE = "One chain's density, generation by generation"


def figure(d) -> go.Figure:
    """d: a KDEDigest (x grid, truth density, densities of chain 1 at snapshot generations)."""
    fig = style.new_figure(TITLE, "value", "probability density")
    fig.add_trace(
        go.Scatter(
            x=d.grid,
            y=d.truth_density,
            mode="lines",
            name="truth (generation 0)",
            line={"color": palette.TRUTH, "width": 3, "dash": "dash"},
        )
    )
    gens = sorted(g for g in d.densities if g > 0)
    colours = [*palette.SERIES, palette.BLUE, palette.VERMILLION]
    for i, g in enumerate(gens):
        last = g == gens[-1]
        fig.add_trace(
            go.Scatter(
                x=d.grid,
                y=d.densities[g],
                mode="lines",
                name=f"generation {g:,}",
                line={
                    "color": palette.PICKED if last else colours[i % len(colours)],
                    "width": 4 if last else 2,
                },
            )
        )
    top = max([float(np.max(d.truth_density))] + [float(np.max(v)) for v in d.densities.values()])
    fig.update_yaxes(range=[0, 1.08 * top])
    return fig


def caption(d) -> str:
    cfg = d.config
    if cfg.bandwidth_rule == "fixed":
        why = (
            f"each generation adds the kernel's variance h² = {cfg.bandwidth**2:g} while resampling "
            f"{cfg.sample_size:,} points removes 1/{cfg.sample_size:,} of it"
        )
    else:
        why = (
            "the bandwidth is recomputed from each generation's spread, so the added kernel variance "
            "grows with the spread itself"
        )
    return (
        f"The kernel density estimate of chain 1 at a few generations (the dashed black curve is the "
        f"truth). A KDE spreads out instead of collapsing: {why}."
    )
