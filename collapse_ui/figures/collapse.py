"""The share of chains in total collapse over generations (and Suresh et al.'s P(sigma_t > eps)):
per-chain events counted across chains, as Collapse-or-Thrive's headline plot does."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

TITLE = "How many chains have collapsed"


def figure(d, lines: list[tuple[str, str, str]]) -> go.Figure:
    """lines: (share metric in d.shares, legend name, colour); y is a share of chains, 0 to 1."""
    fig = style.new_figure(TITLE, "generation", "share of chains")
    for metric, name, colour in lines:
        y = np.asarray(d.shares[metric])
        fig.add_trace(
            go.Scatter(x=d.generations, y=y, mode="lines", name=name, line={"color": colour, "width": 3})
        )
    fig.update_yaxes(range=[-0.02, 1.02], tickformat=".0%")
    return fig


def caption(d, metric: str, what: str) -> str:
    share = float(np.asarray(d.shares[metric])[-1])
    n = d.config.replicates
    if share == 0:
        return f"Not one of the {n:,} chains has {what} by generation {d.last:,}."
    return (
        f"By generation {d.last:,}, {share:.0%} of the {n:,} chains have {what}; each chain "
        "collapses at its own generation, so the share rises gradually."
    )


GAUSSIAN_LINES = [
    ("collapsed", "variance below 10⁻⁶ of the truth's (total collapse)", palette.VERMILLION),
    ("sd_above_epsilon", "P(σₜ > 0.1 σ₀): spread still above a tenth", palette.BLUE),
]
CATEGORICAL_LINES = [("collapsed", "one word left (total collapse)", palette.VERMILLION)]
