"""Multivariate chart 5: the variance left in the most-shrunk and the best-kept direction
(smallest and largest eigenvalues of S0^-1 S_t), and KL(fitted || truth)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.multivariate.digest import MvnDigest

TITLE = "Best-kept and most-shrunk directions"
KL_TITLE = "How far from the truth: KL(fitted ‖ truth)"


def figure(d: MvnDigest) -> go.Figure:
    x = d.generations
    fig = style.new_figure(TITLE, "generation", "variance left (÷ truth's)", log_y=True)
    style.level(fig, x, 1.0, "truth", palette.TRUTH, width=1.5)
    style.band(fig, x, d.bands["eig_max_ratio"], palette.ORANGE, "largest eigenvalue")
    style.band(fig, x, d.bands["eig_min_ratio"], palette.SIMULATION, "smallest eigenvalue")
    for key, name, colour in (
        ("asymptotic_eig_max_ratio", "largest: asymptotic rate", palette.ORANGE),
        ("asymptotic_eig_min_ratio", "smallest: asymptotic rate", palette.THEORY_EXPECTED),
    ):
        if key in d.theory:
            style.theory(fig, x, d.theory[key], name, colour, dash="dot")
    low = max(float(d.bands["eig_min_ratio"].q05.min()), 1e-300)
    high = max(1.05, float(d.bands["eig_max_ratio"].q95.max()))
    style.log_range(fig, low / 1.6, high * 1.25)
    return fig


def kl_figure(d: MvnDigest) -> go.Figure:
    x = d.generations
    fig = style.new_figure(KL_TITLE, "generation", "nats")
    style.chains(fig, x, d.chains["kl_divergence"])
    style.band(fig, x, d.bands["kl_divergence"], palette.SIMULATION, "simulation")
    if "expected_kl_divergence" in d.theory:
        style.theory(fig, x, d.theory["expected_kl_divergence"], "expected value", palette.THEORY_EXPECTED)
    return fig


def caption(d: MvnDigest) -> str:
    return (
        "The variance left along the direction that kept the most (orange) and the one that lost the most "
        "(blue), as eigenvalues of S0⁻¹ S_t. Dotted: the exponential rates at which they fall in the long "
        "run (Lyapunov exponents of a product of random matrices), where they apply."
    )


def kl_caption(d: MvnDigest) -> str:
    return (
        "The information lost by using the fitted model in place of the truth. With no real data it grows "
        "without bound, mostly through the shrinking volume."
    )
