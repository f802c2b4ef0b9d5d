"""Multivariate chart 2: the eigenvalue spectrum of S0^-1 S_t, largest to smallest, at picked
generations (the median across chains of each sorted eigenvalue), in the ellipse chart's colours."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.families.multivariate.figures import ellipse as mvn_ellipse
from collapse_ui.figures import style
from collapse_ui.headlines import percent

if TYPE_CHECKING:
    from collapse_ui.families.multivariate.digest import MvnDigest

TITLE = "The spectrum collapses, weakest direction first"


def figure(d: MvnDigest) -> go.Figure:
    dim = d.config.dimension
    fig = style.new_figure(
        TITLE, "direction (1 = most variance left)", "variance left (÷ truth's)", log_y=True
    )
    fig.update_layout(hovermode="closest")
    k = np.arange(1, dim + 1)
    gens = d.snapshot_generations
    # The truth and the generations of the ellipse chart, in its colours.
    later = mvn_ellipse.shown(d)
    picks = [0, *later]
    colours = [palette.TRUTH, *mvn_ellipse.colours(len(later))]
    for i, colour in zip(picks, colours, strict=True):
        g = int(gens[i])
        med = np.exp(d.spectrum_median[i])
        name = "truth" if g == 0 else f"generation {g:,}"
        fig.add_trace(
            go.Scatter(
                x=k,
                y=med,
                mode="lines+markers",
                name=name,
                line={
                    "color": colour,
                    "width": 3 if i in (0, len(picks) - 1) else 2,
                    **({"dash": "dash"} if g == 0 else {}),
                },
                marker={"size": 6},
            )
        )
    lo, hi = np.exp(d.spectrum_median.min()), max(1.0, float(np.exp(d.spectrum_median.max())))
    style.log_range(fig, max(lo, 1e-300) / 2, hi * 2)
    fig.update_xaxes(dtick=max(1, dim // 10))
    return fig


def caption(d: MvnDigest) -> str:
    last = int(d.snapshot_generations[-1])
    small, big = np.exp(d.spectrum_median[-1, -1]), np.exp(d.spectrum_median[-1, 0])
    return (
        f"The fitted covariance measured against the truth's, direction by direction (the eigenvalues of "
        f"S0⁻¹ S_t, sorted, median over chains). By generation {last:,} the best-kept direction has "
        f"{percent(big)} of its variance left and the worst {percent(small)}: the model flattens "
        "towards fewer directions."
    )
