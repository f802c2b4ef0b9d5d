"""Mixture chart 2: chain 1's fitted mixture at a few generations against the truth.

1-D: the density curves. 2-D: points sampled from the picked generation's fit, with each live
component's 2-standard-deviation ellipse, and the truth's ellipses dashed. The points come from
a generator seeded by the run's seed and the generation, so the picture is a pure function of
the digest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from collapse_core.mixture import em
from collapse_core.mixture.metrics import LOST_WEIGHT_FRACTION
from collapse_core.mixture.on_data import truth_mixture as truth
from collapse_core.mixture.truth import Mixture
from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.mixture.digest import MixtureDigest

TITLE_1D = "One chain's fitted mixture, generation by generation"
TITLE_2D = "One chain's fitted mixture: points and 2-SD ellipses"
SHOWN = 3
CLOUD = 600
CLIP = 3.0


def shown_generations(last: int, count: int = SHOWN) -> list[int]:
    return sorted({int(g) for g in np.round(np.geomspace(1, last, count))}) if last >= 1 else []


def _density(w, mu, cov, x):
    sd = np.sqrt(cov[:, 0, 0])
    z = (x[:, None] - mu[None, :, 0]) / sd
    return (w * np.exp(-0.5 * z * z) / (sd * np.sqrt(2 * np.pi))).sum(axis=1)


def _ellipse(mu, cov, scale=2.0, n=73):
    vals, vecs = np.linalg.eigh(cov)
    t = np.linspace(0, 2 * np.pi, n)
    circle = np.stack([np.cos(t), np.sin(t)])
    pts = vecs @ (scale * np.sqrt(np.maximum(vals, 0))[:, None] * circle)
    return mu[0] + pts[0], mu[1] + pts[1]


def figure(d: MixtureDigest, picked: int | None = None) -> go.Figure:
    picked = d.last if picked is None else min(max(int(picked), 0), d.last)
    return _figure_1d(d, picked) if d.config.dimension == 1 else _figure_2d(d, picked)


def _figure_1d(d: MixtureDigest, picked: int) -> go.Figure:
    cfg = d.config
    t = truth(cfg)
    gens = [g for g in shown_generations(d.last) if g != picked]
    lo = min(float(t.means.min()) - 4, float((d.means[[*gens, picked], :, 0] - 3).min()))
    hi = max(float(t.means.max()) + 4, float((d.means[[*gens, picked], :, 0] + 3).max()))
    x = np.linspace(lo, hi, 600)
    truth_y = _density(t.weights[0], t.means[0], t.covariances[0], x)
    cap = CLIP * float(truth_y.max())
    fig = style.new_figure(TITLE_1D, "value", "probability density")
    fig.add_trace(
        go.Scatter(
            x=x,
            y=truth_y,
            mode="lines",
            name="truth (generation 0)",
            line={"color": palette.TRUTH, "width": 3, "dash": "dash"},
        )
    )
    for g, colour in zip(gens, palette.SERIES, strict=False):
        y = np.minimum(_density(d.weights[g], d.means[g], d.covariances[g], x), cap)
        fig.add_trace(
            go.Scatter(x=x, y=y, mode="lines", name=f"generation {g:,}", line={"color": colour, "width": 2})
        )
    y = np.minimum(_density(d.weights[picked], d.means[picked], d.covariances[picked], x), cap)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            name=f"generation {picked:,} (picked)",
            line={"color": palette.PICKED, "width": 4},
        )
    )
    fig.update_yaxes(range=[0, min(cap, 1.15 * max(float(y.max()), float(truth_y.max())))])
    return fig


def _figure_2d(d: MixtureDigest, picked: int) -> go.Figure:
    cfg = d.config
    t = truth(cfg)
    fit = Mixture(d.weights[picked][None], d.means[picked][None], d.covariances[picked][None])
    pts = em.sample(np.random.default_rng([cfg.seed, picked]), fit, CLOUD)[0]
    fig = style.new_figure(TITLE_2D, "x₁", "x₂")
    fig.add_trace(
        go.Scatter(
            x=pts[:, 0],
            y=pts[:, 1],
            mode="markers",
            name=f"{CLOUD} points from generation {picked:,}",
            marker={"color": palette.rgba(palette.SIMULATION, 0.35), "size": 5},
        )
    )
    for j in range(cfg.components):
        ex, ey = _ellipse(t.means[0, j], t.covariances[0, j])
        fig.add_trace(
            go.Scatter(
                x=ex,
                y=ey,
                mode="lines",
                name="truth: 2-SD ellipses",
                legendgroup="truth",
                showlegend=j == 0,
                line={"color": palette.TRUTH, "width": 2, "dash": "dash"},
                hoverinfo="skip",
            )
        )
    alive = d.weights[picked] >= LOST_WEIGHT_FRACTION / cfg.components
    for j in range(cfg.components):
        ex, ey = _ellipse(d.means[picked, j], d.covariances[picked, j])
        live = bool(alive[j])
        name = f"generation {picked:,}: " + (
            "live components" if live else "components below a tenth of their share"
        )
        fig.add_trace(
            go.Scatter(
                x=ex,
                y=ey,
                mode="lines",
                name=name,
                legendgroup=f"fit-{live}",
                showlegend=bool(j == np.flatnonzero(alive == live)[0]),
                line={
                    "color": palette.PICKED if live else palette.GREY,
                    "width": 3 if live else 1.5,
                    "dash": "solid" if live else "dot",
                },
                hovertext=f"weight {d.weights[picked, j]:.3f}",
                hoverinfo="text",
            )
        )
    r = float(np.hypot(*t.means[0, 0])) + 4
    fig.update_xaxes(range=[-r, r], zeroline=False)
    fig.update_yaxes(range=[-r, r], scaleanchor="x", scaleratio=1, zeroline=False)
    fig.update_layout(hovermode="closest")
    return fig


def caption(d: MixtureDigest) -> str:
    if d.config.dimension == 1:
        return (
            "Each curve is the mixture that chain 1 fitted at that generation; the dashed black curve "
            "is the truth. Watch humps shrink, merge or vanish."
        )
    return (
        "Points drawn from chain 1's fitted mixture at the picked generation, with each component's "
        "2-SD ellipse; dashed black ellipses are the truth's modes. A mode whose ellipse has gone "
        "(or turned dotted grey) is dead."
    )
