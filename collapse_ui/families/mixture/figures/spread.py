"""Mixture charts 4 and 5: the overall spread, and the rare far-out values, relative to the truth's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.mixture.digest import MixtureDigest

TITLE = "Total variance, relative to the truth"
TAIL_TITLE = "Rare far-out values, relative to the truth"
# The tail ratio of a collapsed chain is 0 (or below 1e-300); the log axis stops here.
SMALLEST_TAIL = 1e-4


def figure(d: MixtureDigest) -> go.Figure:
    x = d.generations
    fig = style.new_figure(TITLE, "generation", "fitted ÷ truth")
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    style.band(fig, x, d.bands["variance_ratio"], palette.SIMULATION, "total variance")
    top = max(1.5, 1.1 * float(d.bands["variance_ratio"].q95.max()))
    fig.update_yaxes(range=[0, min(top, 5.0)])
    return fig


def caption(d: MixtureDigest) -> str:
    return (
        "The spread of the whole mixture, modes and all. When modes die or merge the mixture "
        "narrows, however wide each surviving bell curve stays."
    )


def tail_figure(d: MixtureDigest) -> go.Figure:
    x = d.generations
    b = d.bands["tail_ratio_3sigma"]
    fig = style.new_figure(TAIL_TITLE, "generation", "fitted ÷ truth (log scale)", log_y=True)
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    floor = type(b)(*(np.maximum(getattr(b, f), SMALLEST_TAIL) for f in ("median", "q05", "q95")))
    style.band(fig, x, floor, palette.SERIES[2], "mass beyond the outer 3 SD")
    style.log_range(fig, SMALLEST_TAIL / 1.5, max(3.0, 1.5 * float(b.q95.max())))
    return fig


def tail_caption(d: MixtureDigest) -> str:
    where = (
        "3 SD beyond the outermost modes" if d.config.dimension == 1 else "3 SD outside the circle of modes"
    )
    return (
        f"The chance of a point more than {where}, which the truth gives about 0.1-0.3%, as a share "
        f"of the truth's; shares below {SMALLEST_TAIL:g} are drawn at the bottom edge. A little error "
        "in a fitted spread changes this a lot, so the band is wide; the rare values go first."
    )
