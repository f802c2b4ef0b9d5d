"""Chart 3: how much probability the fitted model still gives to rare events."""

from __future__ import annotations

import plotly.graph_objects as go

from collapse_core.gaussian.metrics import TAIL_KS, truth_tail_mass
from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import style

FLOOR = 1e-12  # below one in a trillion of the truth's tail, the axis stops: "gone"


def _percent(p: float) -> str:
    return f"{100 * p:.2g}%"


def figure(d: ChainDigest) -> go.Figure:
    x = d.generations
    kept = float(d.bands["tail_ratio_3sigma"].median[-1])
    fig = style.new_figure(
        ("Rare events vanish" if kept < 0.5 else "Rare events hold on") + ": tail probability vs the truth",
        "generation",
        "fitted ÷ true tail probability",
        log_y=True,
    )
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    lowest = 1.0
    for k, colour in zip(TAIL_KS, palette.SERIES, strict=False):
        b = d.bands[f"tail_ratio_{k}sigma"]
        name = f"beyond {k}σ₀ (truth: {_percent(truth_tail_mass(k))})"
        fig.add_trace(
            go.Scatter(
                x=x, y=b.median, mode="lines", line={"color": colour, "width": 3}, name=f"median, {name}"
            )
        )
        positive = b.median[b.median > 0]
        lowest = min(lowest, float(positive.min()) if positive.size else FLOOR)
    highest = max(float(d.bands[f"tail_ratio_{k}sigma"].median.max()) for k in TAIL_KS)
    style.log_range(fig, max(lowest, FLOOR) / 2, max(2.0, 1.5 * highest))
    return fig


def caption(d: ChainDigest) -> str:
    kept = float(d.bands["tail_ratio_3sigma"].median[-1])
    if kept > 0.5:
        return (
            "Here the tails hold: the typical chain still gives rare events "
            f"{kept:.0%} of their true probability at the last generation."
        )
    return (
        "The further out the event, the faster it disappears: the model forgets rare events "
        "first, long before the middle of the bell changes much."
    )
