"""The two groups' test errors (median chain), drawn only when the run has a minority group."""

from __future__ import annotations

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures.style import new_figure

TITLE = "Test error of each group"


def figure(d: ChainDigest) -> go.Figure:
    med, s2 = d.lead_medians, d.config.noise**2
    fig = new_figure(TITLE, "generation", "test error / σ²")
    for name, label, colour, dash in (
        ("majority_error", "majority (group A): median", palette.BLUE, "solid"),
        ("minority_error", "minority (group B): median", palette.REDDISH_PURPLE, "dash"),
    ):
        fig.add_trace(
            go.Scatter(
                x=d.generations[1:],
                y=med[name][1:] / s2,
                mode="lines",
                name=label,
                line={"color": colour, "width": 3, "dash": dash},
            )
        )
    return fig


def caption(d: ChainDigest) -> str:
    p, gap = d.config.minority_share, d.config.group_gap
    return (
        f"One line fitted to both groups: {p:.0%} of the real rows follow weights {gap:g} away from the "
        "others'. The fit aims between them, nearer the majority, so the minority's error is higher "
        f"from the first generation (on average by (1 − 2p)‖w_B − w_A‖² = {(1 - 2 * p) * gap**2:.3g}); "
        "each refit on the model's own labels then adds the same error to both."
    )
