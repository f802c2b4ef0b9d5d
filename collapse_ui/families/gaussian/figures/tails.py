"""Chart 3: how much probability the fitted model still gives to rare events."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from collapse_core.gaussian.metrics import TAIL_KS, reference_tail_mass
from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import style

FLOOR = 1e-12  # below one in a trillion of the truth's tail, the axis stops: "gone"


def _percent(p: float) -> str:
    return f"{100 * p:.2g}%"


def _shown(d: ChainDigest) -> list[int]:
    """The k whose ratio exists: with your data, a tail no value of the data reaches has none."""
    return [k for k in TAIL_KS if np.isfinite(d.bands[f"tail_ratio_{k}sigma"].median).any()]


def _kept(d: ChainDigest) -> float:
    """The last median tail ratio at 3 sigma0 (at 2 sigma0 when the data has no 3-sigma tail)."""
    for k in (3, 2):
        if k in _shown(d):
            return float(d.bands[f"tail_ratio_{k}sigma"].median[-1])
    return 1.0


def figure(d: ChainDigest) -> go.Figure:
    x = d.generations
    kept = _kept(d)
    truth = "your data" if getattr(d.config, "data", "") else "truth"
    fig = style.new_figure(
        ("Rare events vanish" if kept < 0.5 else "Rare events hold on") + ": tail probability vs the truth",
        "generation",
        "fitted ÷ true tail probability",
        log_y=True,
    )
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    lowest = 1.0
    shown = _shown(d)
    for k, colour in zip(TAIL_KS, palette.SERIES, strict=False):
        if k not in shown:
            continue
        b = d.bands[f"tail_ratio_{k}sigma"]
        name = f"beyond {k}σ₀ ({truth}: {_percent(reference_tail_mass(d.config, k))})"
        fig.add_trace(
            go.Scatter(
                x=x, y=b.median, mode="lines", line={"color": colour, "width": 3}, name=f"median, {name}"
            )
        )
        positive = b.median[b.median > 0]
        lowest = min(lowest, float(positive.min()) if positive.size else FLOOR)
    highest = max((float(np.nanmax(d.bands[f"tail_ratio_{k}sigma"].median)) for k in shown), default=1.0)
    style.log_range(fig, max(lowest, FLOOR) / 2, max(2.0, 1.5 * highest))
    return fig


def caption(d: ChainDigest) -> str:
    kept = _kept(d)
    if kept > 0.5:
        return (
            "Here the tails hold: the typical chain still gives rare events "
            f"{kept:.0%} of their true probability at the last generation."
        )
    return (
        "The further out the event, the faster it disappears: the model forgets rare events "
        "first, long before the middle of the bell changes much."
    )
