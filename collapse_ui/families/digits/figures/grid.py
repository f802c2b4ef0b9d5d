"""Digits chart 1: sample digits of one chain, a row per generation, as one Plotly heatmap (so
it exports like every other chart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.digits.digest import DigitsDigest

TITLE = "Sample digits, generation by generation"
SIDE = 8  # pixels per image side
GAP = 1  # blank pixels between images
GENERATION_GAP = 3  # extra blank pixels between generations


def mosaic(images: np.ndarray) -> tuple[np.ndarray, list[float], list[float]]:
    """images (S, 10, k, 64) -> one (rows, cols) array with NaN gaps: a row of images per digit
    class, a group of k columns per generation. Also the y centre of each class's row and the
    x centre of each generation's group."""
    s, classes, k, _ = images.shape
    cell = SIDE + GAP
    group = k * cell + GENERATION_GAP
    width = s * group - GENERATION_GAP - GAP
    height = classes * cell - GAP
    out = np.full((height, width), np.nan)
    for g in range(s):
        for c in range(classes):
            for j in range(k):
                y0, x0 = c * cell, g * group + j * cell
                out[y0 : y0 + SIDE, x0 : x0 + SIDE] = images[g, c, j].reshape(SIDE, SIDE)
    ys = [c * cell + (SIDE - 1) / 2 for c in range(classes)]
    xs = [g * group + (k * cell - GAP - 1) / 2 for g in range(s)]
    return out, ys, xs


def figure(d: DigitsDigest) -> go.Figure:
    z, ys, xs = mosaic(d.snapshot_images)
    fig = style.new_figure(TITLE, "generation (three samples of each digit, chain 1)", "digit")
    # Gaps as None (JSON null), not NaN: the figure's data then compares equal to itself, so a
    # link's chart can be checked against a fresh session's; ink to 3 decimals is plenty.
    cells = np.where(np.isnan(z), None, np.round(z, 3)).tolist()
    fig.add_trace(
        go.Heatmap(
            z=cells,
            name="sample digits (ink 0-16; x, y: pixel column, row of the grid)",
            zmin=0,
            zmax=16,
            colorscale="Greys",
            showscale=False,
            hoverongaps=False,
            hovertemplate="ink %{z:.1f} of 16<extra></extra>",
        )
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=xs,
        side="top",
        ticktext=[("0 (real)" if g == 0 else f"{g:,}") for g in d.snapshot_generations],
        showgrid=False,
        zeroline=False,
        showline=False,
        ticks="",
        constrain="domain",
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=ys,
        ticktext=[str(c) for c in range(len(ys))],
        autorange="reversed",
        scaleanchor="x",
        scaleratio=1,
        showgrid=False,
        zeroline=False,
        showline=False,
        ticks="",
        constrain="domain",
    )
    fig.update_layout(
        plot_bgcolor="#FFFFFF", hovermode="closest", height=520, margin={"l": 70, "r": 20, "t": 110, "b": 10}
    )
    return fig


def caption(d: DigitsDigest) -> str:
    cfg = d.config
    row0 = "Generation 0 shows real digits as the model sees them (projected onto its PCA space)"
    if cfg.real_fraction > 0 and cfg.real_source == "fresh":
        tail = "with fresh real images mixed in, later generations keep the variety of strokes."
    elif cfg.regime != "replace":
        tail = "keeping the earlier data holds the shapes close to the real ones."
    else:
        tail = (
            "every later generation is fitted only on images drawn from the one before: strokes smooth "
            "out and the samples of one digit grow alike. A blank group is a digit the model no longer "
            "draws."
        )
    return f"{row0}; {tail} Seeded: the same link draws the same digits."
