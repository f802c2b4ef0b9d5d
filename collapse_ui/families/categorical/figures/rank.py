"""Vocabulary chart 2: rank-frequency (Zipf) curves of one chain, on log-log axes.

Each curve is one generation's fitted model, its alive words sorted from most to least
probable; a curve ends at its last alive word, so the cut-off tail shows as a shorter curve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.categorical.digest import Snapshot, VocabDigest

TITLE = "The tail gets cut off: rank vs frequency"
SHOWN = 4  # generations drawn besides the truth and the last one


def shown(d: VocabDigest) -> list[Snapshot]:
    """The truth, up to SHOWN generations in between (evenly through the log-spaced snapshots),
    and the last generation."""
    snaps = list(d.snapshots)
    middle = snaps[1:-1]
    if len(middle) > SHOWN:
        middle = [middle[i] for i in np.unique(np.round(np.linspace(0, len(middle) - 1, SHOWN)).astype(int))]
    return [snaps[0], *middle, snaps[-1]] if len(snaps) > 1 else snaps


def figure(d: VocabDigest) -> go.Figure:
    fig = style.new_figure(TITLE, "rank (1 = most common)", "probability", log_y=True)
    # Whole decades only: plotly's default also labels 2 and 5 in each decade, too crowded here.
    fig.update_xaxes(type="log", exponentformat="power", dtick=1)
    fig.update_yaxes(dtick=1)
    fig.update_layout(hovermode="closest")
    snaps = shown(d)
    colours = [palette.TRUTH, *palette.SERIES[: len(snaps) - 2], palette.SIMULATION][-len(snaps) :]
    for i, (s, colour) in enumerate(zip(snaps, colours, strict=True)):
        truth = s.generation == 0
        name = f"truth ({s.alive:,})" if truth else f"generation {s.generation:,} ({s.alive:,} left)"
        line = {"color": colour, "width": 3 if truth or i == len(snaps) - 1 else 2}
        if truth:
            line["dash"] = "dash"
        fig.add_trace(
            go.Scatter(
                x=s.rank,
                y=s.probability,
                mode="lines",
                name=name,
                line=line,
                legendgroup=name,
                customdata=np.array(s.label, dtype=object),
                hovertemplate="%{customdata}<br>rank %{x:,}<br>probability %{y:.2g}<extra>"
                + name
                + "</extra>",
            )
        )
        if s.alive:  # a dot at the last alive word: where the tail is cut off
            fig.add_trace(
                go.Scatter(
                    x=s.rank[-1:],
                    y=s.probability[-1:],
                    mode="markers",
                    legendgroup=name,
                    showlegend=False,
                    marker={"color": colour, "size": 9, "line": {"color": "white", "width": 1}},
                    hoverinfo="skip",
                )
            )
    return fig


def caption(d: VocabDigest) -> str:
    last = d.snapshots[-1]
    if float(d.bands["revived_total"].median[-1]) > 0:
        return (
            f"One chain's word frequencies, most common first: lost words keep coming back, so "
            f"the curves stop at about the same rank ({last.alive:,} of "
            f"{d.config.categories:,} left at generation {last.generation:,})."
        )
    return (
        f"One chain's word frequencies, most common first: each generation's curve stops "
        f"earlier, and by generation {last.generation:,} only {last.alive:,} of the "
        f"{d.config.categories:,} ranks are left."
    )
