"""Mixture chart 3: the smallest and the largest component weight."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.mixture.digest import MixtureDigest

TITLE = "Mode shares: the smallest and the largest"


def figure(d: MixtureDigest) -> go.Figure:
    x, k = d.generations, d.config.components
    fig = style.new_figure(TITLE, "generation", "weight of the component")
    style.level(fig, x, 1.0 / k, f"truth: 1/{k} each", palette.TRUTH, width=1.5)
    style.band(fig, x, d.bands["max_weight"], palette.SERIES[2], "largest")
    style.band(fig, x, d.bands["min_weight"], palette.SIMULATION, "smallest")
    fig.update_yaxes(range=[0, 1.02])
    return fig


def caption(d: MixtureDigest) -> str:
    return (
        "Which mode a sampled point comes from is a weighted coin toss, so the shares wander from "
        "generation to generation like gene frequencies in a small population: the smallest heads "
        "for zero, the largest takes over."
    )
