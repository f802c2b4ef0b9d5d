"""Vocabulary chart 4: words lost and words brought back, counted over the generations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.categorical.digest import VocabDigest

TITLE = "Lost, and brought back"


def figure(d: VocabDigest) -> go.Figure:
    x = d.generations
    fig = style.new_figure(TITLE, "generation", f"{d.noun}, counted so far")
    style.band(fig, x, d.bands["lost_total"], palette.ORANGE, "lost")
    style.band(fig, x, d.bands["revived_total"], palette.BLUISH_GREEN, "brought back")
    fig.update_yaxes(rangemode="tozero")
    return fig


def caption(d: VocabDigest) -> str:
    back = float(d.bands["revived_total"].median[-1])
    if back == 0:
        return (
            "Nothing brings a lost word back here: with no fresh real text and no smoothing, "
            "once a word is gone it is gone for good."
        )
    return (
        f"Lost words come back (about {back:,.0f} comebacks in the median chain): the gap "
        "between the two curves is how many are missing at that moment."
    )
