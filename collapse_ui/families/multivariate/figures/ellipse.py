"""Multivariate chart 1: one chain's fitted ellipse at picked generations, against the truth's.

Each ellipse is the 2-sigma contour of a Gaussian in coordinates 1 and 2 (for d > 2 the
marginal of those two coordinates): it holds about 86% of the probability of a 2-D Gaussian.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style
from collapse_ui.headlines import percent

if TYPE_CHECKING:
    from collapse_ui.families.multivariate.digest import MvnDigest

TITLE = "The fitted ellipse shrinks and turns"
RADIUS = 2.0  # Mahalanobis radius of the drawn contour
SHOWN = 5  # generations drawn besides the truth
_ANGLES = np.linspace(0.0, 2.0 * np.pi, 121)


def contour(mean: np.ndarray, cov: np.ndarray, radius: float = RADIUS) -> tuple[np.ndarray, np.ndarray]:
    """Points of {x : (x - mean)^T cov^-1 (x - mean) = radius^2} (cov 2 x 2, may be tiny)."""
    vals, vecs = np.linalg.eigh(0.5 * (cov + cov.T))
    axes = vecs * np.sqrt(np.maximum(vals, 0.0))
    circle = np.stack([np.cos(_ANGLES), np.sin(_ANGLES)])
    pts = mean[:, None] + radius * axes @ circle
    return pts[0], pts[1]


def tilt(cov: np.ndarray) -> float:
    """Angle of the long axis in degrees, in (-90, 90]."""
    _vals, vecs = np.linalg.eigh(0.5 * (cov + cov.T))
    v = vecs[:, -1]
    angle = float(np.degrees(np.arctan2(v[1], v[0])))
    return angle - 180.0 if angle > 90 else angle + 180.0 if angle <= -90 else angle


def shown(d: MvnDigest) -> list[int]:
    """Indices into the snapshots: up to SHOWN generations after the truth, the last included."""
    n = len(d.snapshot_generations)
    if n - 1 <= SHOWN:
        return list(range(1, n))
    return [int(i) for i in np.unique(np.round(np.linspace(1, n - 1, SHOWN)).astype(int))]


def colours(n: int) -> list[str]:
    """n generation colours, the last one the simulation's blue (the spectrum chart shares them)."""
    pool = [*palette.SERIES, palette.SIMULATION]
    return pool[-n:] if n <= len(pool) else [palette.SIMULATION] * n


def figure(d: MvnDigest) -> go.Figure:
    fig = style.new_figure(TITLE, "coordinate 1", "coordinate 2")
    fig.update_layout(hovermode="closest")
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    x, y = contour(np.zeros(2), d.truth_cov2)
    fig.add_trace(
        go.Scatter(
            x=x, y=y, mode="lines", name="truth", line={"color": palette.TRUTH, "width": 3, "dash": "dash"}
        )
    )
    picks = shown(d)
    for i, colour in zip(picks, colours(len(picks)), strict=True):
        g = int(d.snapshot_generations[i])
        mean, cov = d.snapshot_mean2[i], d.snapshot_cov2[i]
        x, y = contour(mean, cov)
        name = f"generation {g:,} (tilt {tilt(cov):+.0f}°)"
        fig.add_trace(
            go.Scatter(
                x=x, y=y, mode="lines", name=name, line={"color": colour, "width": 2.5}, legendgroup=name
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[mean[0]],
                y=[mean[1]],
                mode="markers",
                legendgroup=name,
                showlegend=False,
                marker={"color": colour, "size": 7},
                hoverinfo="skip",
            )
        )
    return fig


def caption(d: MvnDigest) -> str:
    cfg = d.config
    where = "" if cfg.dimension == 2 else f" (coordinates 1 and 2 of {cfg.dimension})"
    last = int(d.snapshot_generations[-1])
    share = float(np.sqrt(max(np.linalg.det(d.snapshot_cov2[-1]), 0.0) / np.linalg.det(d.truth_cov2)))
    return (
        f"Chain 1's fitted model{where} as the ellipse holding 86% of its probability, dashed: the "
        f"truth's. At generation {last:,} its area is {percent(share)} of the truth's; the axes turn "
        "at random because every refit misjudges the directions a little."
    )
