"""Vocabulary chart 3: how much of the truth's rare-word mass the model can still produce."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_core.categorical import TAIL_RANKS
from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.categorical.digest import VocabDigest

TITLE = "Rare words covered: tail mass still alive"


def figure(d: VocabDigest) -> go.Figure:
    x = d.generations
    fig = style.new_figure(TITLE, "generation", "share of the truth's tail still alive")
    style.level(fig, x, 1.0, "truth: the whole tail", palette.TRUTH, width=1.5)
    cuts = [c for c in TAIL_RANKS if f"tail_coverage_top{c}" in d.bands]
    for c, colour in zip(cuts, (palette.SKY_BLUE, palette.ORANGE), strict=False):
        style.band(fig, x, d.bands[f"tail_coverage_top{c}"], colour, f"beyond the top {c}")
    if not cuts:
        fig.add_annotation(
            text="no tail: the vocabulary has 10 categories or fewer",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 15},
        )
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    return fig


def caption(d: VocabDigest) -> str:
    if float(d.bands["revived_total"].median[-1]) > 0:
        return (
            "Beyond the most common words, part of the rare-word mass stays covered because "
            "lost words keep coming back."
        )
    return (
        "The rarer the words, the faster their share of the language disappears: the tail "
        "beyond the top 100 empties long before the top 10 words change."
    )
