"""Mixture chart 1: live modes and the effective number of components, generation by generation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.mixture.digest import MixtureDigest

TITLE = "Modes alive"


def figure(d: MixtureDigest) -> go.Figure:
    x, k = d.generations, d.config.components
    fig = style.new_figure(TITLE, "generation", "modes")
    style.level(fig, x, k, f"truth: {k} modes", palette.TRUTH, width=1.5)
    style.chains(fig, x, d.chains["modes_alive"])
    style.band(fig, x, d.bands["effective_modes"], palette.SERIES[2], "effective number 1/Σw²")
    style.band(fig, x, d.bands["modes_alive"], palette.SIMULATION, "live modes")
    fig.update_yaxes(range=[0, k + 0.5], dtick=1)
    return fig


def caption(d: MixtureDigest) -> str:
    cfg = d.config
    if cfg.real_fraction > 0 and cfg.real_source == "fresh":
        return (
            "Fresh real points pull every component back towards its true mode, so modes die far "
            "less often; a mode that EM has already merged away can stay lost."
        )
    if cfg.regime == "accumulate":
        return (
            "Keeping every earlier generation's points pins the mode shares near the truth's: the "
            "modes survive."
        )
    return (
        "A mode counts as alive while its component holds at least a tenth of its true share and "
        "sits apart from heavier ones. Shares drift by chance each generation; one that drifts to "
        "nearly nothing does not come back."
    )
