"""Multivariate charts 3 and 4: total variance (trace ratio) and volume (log-determinant ratio),
with their 5-95% bands across chains and the closed forms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import axis, style

if TYPE_CHECKING:
    from collapse_ui.families.multivariate.digest import MvnDigest

TRACE_TITLE = "Total variance: tr S_t ÷ tr S0"
LOGDET_TITLE = "Volume: log det S_t − log det S0"
Z90 = 1.6448536269514722  # the normal's 95% quantile


def trace_figure(d: MvnDigest, *, log_y: str | bool = axis.AUTO) -> go.Figure:
    """log_y: 'auto' (log when the median spans more than two decades), 'linear' or 'log'."""
    x = d.generations
    log_y = axis.use_log(log_y, d.bands["trace_ratio"].median)
    fig = style.new_figure(TRACE_TITLE, "generation", "total variance ÷ truth's", log_y=log_y)
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    style.chains(fig, x, d.chains["trace_ratio"])
    b = d.bands["trace_ratio"]
    style.band(fig, x, b, palette.SIMULATION, "simulation")
    if "expected_trace_ratio" in d.theory:
        style.theory(fig, x, d.theory["expected_trace_ratio"], "expected value", palette.THEORY_EXPECTED)
    for key, name in (
        ("accumulate_limit_trace_ratio", "theory: limit when all data is kept"),
        ("stationary_trace_ratio", "theory: level with fresh real data"),
    ):
        if key in d.theory:
            style.level(fig, x, d.theory[key], name, palette.THEORY_LIMIT, dash="dashdot")
    if log_y:
        low = max(float(b.q05.min()), 1e-300)
        style.log_range(fig, low / 1.6, max(1.05, float(b.q95.max())) * 1.25)
    return fig


def logdet_figure(d: MvnDigest) -> go.Figure:
    x = d.generations
    fig = style.new_figure(LOGDET_TITLE, "generation", "log det S_t − log det S0")
    style.level(fig, x, 0.0, "truth", palette.TRUTH, width=1.5)
    style.chains(fig, x, d.chains["logdet_ratio"])
    style.band(fig, x, d.bands["logdet_ratio"], palette.SIMULATION, "simulation")
    if "expected_logdet_ratio" in d.theory:
        mean = np.asarray(d.theory["expected_logdet_ratio"])
        sd = np.asarray(d.theory["sd_logdet_ratio"])
        style.theory(fig, x, mean, "expected value", palette.THEORY_EXPECTED)
        style.theory(
            fig, x, mean - Z90 * sd, "5–95% (normal approximation)", palette.THEORY_TYPICAL, dash="dot"
        )
        style.theory(
            fig,
            x,
            mean + Z90 * sd,
            "5–95% (normal approximation)",
            palette.THEORY_TYPICAL,
            dash="dot",
            showlegend=False,
        )
    return fig


def trace_caption(d: MvnDigest) -> str:
    cfg = d.config
    if cfg.regime == "accumulate":
        return "Keeping all earlier data: the total variance levels off instead of collapsing."
    if cfg.real_fraction > 0 and cfg.real_source == "fresh":
        return "Fresh real data in every generation holds the total variance at a level near the truth's."
    return (
        "The sum of the variances in every direction. Each refit loses a little, and the losses compound; "
        "the expected value ((M − 1)/M)^t for maximum likelihood is held up by a few lucky chains."
    )


def logdet_caption(d: MvnDigest) -> str:
    if "expected_logdet_ratio" in d.theory:
        return (
            "The log of the volume of the fitted ellipsoid against the truth's (squared): a sum of "
            "independent log chi-square terms, one per generation and direction, so its mean and spread "
            "are known exactly; it falls in a straight line."
        )
    return "The log of the volume of the fitted ellipsoid against the truth's (squared)."
