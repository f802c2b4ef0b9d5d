"""Mixture chart 4: the overall spread and the rare far-out values, relative to the truth's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.mixture import MixtureDigest

TITLE = "Spread and tails, relative to the truth"


def figure(d: MixtureDigest) -> go.Figure:
    x = d.generations
    fig = style.new_figure(TITLE, "generation", "fitted ÷ truth")
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    style.band(fig, x, d.bands["tail_ratio_3sigma"], palette.SERIES[2], "mass beyond the outer 3 SD")
    style.band(fig, x, d.bands["variance_ratio"], palette.SIMULATION, "total variance")
    top = max(1.5, 1.1 * float(d.bands["variance_ratio"].q95.max()))
    fig.update_yaxes(range=[0, min(top, 5.0)])
    return fig


def caption(d: MixtureDigest) -> str:
    where = "beyond 3 SD outside the outermost modes" if d.config.dimension == 1 else \
        "more than 3 SD outside the circle of modes"
    return (f"Total variance: the spread of the whole mixture. Tail mass: the chance of a point {where}, "
            "which the truth gives about 0.1-0.3%. When modes merge or die both shrink: the rare "
            "values go first.")
