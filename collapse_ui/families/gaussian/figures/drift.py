"""Chart 4: where the fitted mean wanders, and how far the fitted model is from the truth."""

from __future__ import annotations

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import style

LEFT, RIGHT = {"row": 1, "col": 1}, {"row": 1, "col": 2}


def figure(d: ChainDigest) -> go.Figure:
    x = d.generations
    far = float(d.bands["wasserstein2"].median[-1]) / d.config.sigma0 > 0.25
    fig = style.new_figure(
        "The mean wanders, the model drifts away" if far else "The model stays close to the truth",
        "generation",
        "",
    )
    fig.set_subplots(
        1, 2, subplot_titles=("mean drift (in true SDs)", "distance to truth (W2)"), horizontal_spacing=0.12
    )
    fig.update_annotations(font={"size": 15})
    fig.update_layout(margin={"t": 95}, title={"y": 0.97, "yanchor": "top"})
    fig.update_xaxes(title_text="generation", **style.AXES)  # set_subplots made new axes
    fig.update_yaxes(**style.AXES)

    style.level(fig, x, 0.0, "truth", palette.TRUTH, width=1.5, **LEFT)
    style.chains(fig, x, d.chains["mean_drift"], **LEFT)
    style.band(fig, x, d.bands["mean_drift"], palette.SIMULATION, "simulation", **LEFT)
    if "rms_mean_drift" in d.theory:
        rms = d.theory["rms_mean_drift"]
        style.theory(fig, x, rms, "± root-mean-square drift", palette.THEORY_EXPECTED, **LEFT)
        style.theory(
            fig, x, -rms, "± root-mean-square drift", palette.THEORY_EXPECTED, showlegend=False, **LEFT
        )

    style.chains(fig, x, d.chains["wasserstein2"], showlegend=False, **RIGHT)
    style.band(fig, x, d.bands["wasserstein2"], palette.SIMULATION, "simulation", showlegend=False, **RIGHT)
    return fig


def caption(d: ChainDigest) -> str:
    if d.config.real_fraction > 0:
        return (
            "Real data pulls the fitted mean back towards the truth, so the drift stays "
            "bounded (left) and so does the distance to the truth (right)."
        )
    return (
        "Nothing pulls the mean back, so each chain wanders off on its own random walk (left); "
        "together with the lost spread this moves every chain away from the truth (right)."
    )
