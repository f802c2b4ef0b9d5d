"""Chart 1: the fitted variance relative to the truth's, generation by generation."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import axis, style

# Double precision ends near 1e-308 (the core floors there); the log axis stops a little above.
SMALLEST = 1e-300

TITLE = "Fitted variance, relative to the truth"
LIMITS = {
    "accumulate_limit": "theory: limit when all data is kept",
    "stationary_variance_ratio": "theory: level with fresh real data",
}


def figure(d: ChainDigest, *, log_y: str | bool = axis.AUTO) -> go.Figure:
    """log_y: 'auto' (log when the median spans more than two decades), 'linear' or 'log'."""
    x = d.generations
    log_y = axis.use_log(log_y, d.bands["variance_ratio"].median)
    fig = style.new_figure(TITLE, "generation", "fitted variance ÷ true variance", log_y=log_y)
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    style.chains(fig, x, d.chains["variance_ratio"])
    style.band(fig, x, d.bands["variance_ratio"], palette.SIMULATION, "simulation")
    if "expected_variance_ratio" in d.theory:
        style.theory(fig, x, d.theory["expected_variance_ratio"], "expected value", palette.THEORY_EXPECTED)
    if "verified_large_sample_variance_ratio" in d.theory:
        style.theory(
            fig,
            x,
            d.theory["verified_large_sample_variance_ratio"],
            "large-sample limit",
            palette.THEORY_EXPECTED,
        )
    if "median_variance_ratio" in d.theory:
        style.theory(fig, x, d.theory["median_variance_ratio"], "median", palette.THEORY_TYPICAL, dash="dot")
    for key, name in LIMITS.items():
        if key in d.theory:
            if d.config.correction:
                name = "theory: level with self-correction"
            style.level(fig, x, d.theory[key], name, palette.THEORY_LIMIT, dash="dashdot")
    b = d.bands["variance_ratio"]
    # A rare chain can swing far above the truth; keep the median and band in view.
    top = max(1.05, 1.1 * float(b.q95.max()))
    if not log_y:
        fig.update_yaxes(range=[0, top])
        return fig
    lowest = max(float(b.q05.min()), SMALLEST)
    style.log_range(fig, lowest / 1.6, top * 1.25)
    gone = np.flatnonzero(b.median < SMALLEST)
    if gone.size:
        fig.add_annotation(
            text=f"from generation {int(d.generations[gone[0]]):,} the median is below 10<sup>−300</sup>,<br>"
            "too small for the computer's numbers: the curves leave the chart",
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            xanchor="right",
            yanchor="top",
            align="right",
            showarrow=False,
            font={"size": 13, "color": "#333"},
            bgcolor="rgba(255,255,255,0.8)",
        )
    return fig


def caption(d: ChainDigest) -> str:
    cfg = d.config
    if cfg.verifier_width:
        return (
            f"Only synthetic points within {cfg.verifier_width:.1f} true SDs of the verifier's centre are "
            "trained on: the verifier decides what survives, and the chain moves toward what it accepts."
        )
    if cfg.correction:
        return (
            f"Every synthetic point is moved {cfg.correction:.0%} of the way toward the truth before "
            "training: the correction holds the variance up at a level instead of letting it collapse."
        )
    if cfg.real_fraction > 0 and cfg.real_source == "fresh":
        return (
            "Fresh real data in every generation holds the variance up: it settles at a level "
            "instead of shrinking towards zero."
        )
    if cfg.regime == "accumulate":
        return (
            "Keeping all earlier data slows the loss to a crawl: the variance levels off "
            "instead of collapsing."
        )
    if cfg.real_fraction > 0:
        return (
            "Reusing the same real sample anchors the chain, but only to that sample: the "
            "variance stays near what that one sample happened to show."
        )
    return (
        "Each refit loses a little spread, and the losses compound: the typical chain (median) "
        "shrinks faster than the average, because a few lucky chains keep the average up."
    )
