"""Chart 2: the bell curve one chain fitted, at a few generations, against the truth."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from scipy import stats

from collapse_ui import palette
from collapse_ui.digest import ChainDigest
from collapse_ui.figures import style

SHOWN = 4  # generations drawn besides the truth and the picked one
SPAN = 4.0  # the frame shows the truth's mean +- SPAN true standard deviations, at least
CLIP = 3.0  # the y-axis stops at CLIP times the truth's peak; taller spikes are cut off


def shown_generations(last: int, count: int = SHOWN) -> list[int]:
    """Generations spaced evenly on a log scale from 1 to the last: collapse is fast at first and
    slow later (or the reverse for large samples), and log spacing catches both."""
    return sorted({int(g) for g in np.round(np.geomspace(1, last, count))})


def fitted(d: ChainDigest, generation: int) -> tuple[float, float]:
    """(mean, standard deviation) fitted by the first chain at `generation`."""
    cfg = d.config
    mean = float(d.chains["mean"][0, generation])
    sd = cfg.sigma0 * float(np.exp(0.5 * d.chains["log_variance_ratio"][0, generation]))
    return mean, sd


def _curve(mean: float, sd: float, grid: np.ndarray, cap: float) -> tuple[np.ndarray, np.ndarray]:
    # Extra points around the fitted mean draw a narrow spike that the shared grid would miss.
    x = np.union1d(grid, mean + sd * np.linspace(-4, 4, 81)) if sd > 0 else grid
    # A chain collapsed to sd ~ 1e-300 (M = 2 over 5,000 generations) overflows (x - mean) / sd:
    # -inf log density, drawn as 0, which is right.
    with np.errstate(under="ignore", over="ignore"):
        log_pdf = stats.norm.logpdf(x, mean, max(sd, np.finfo(float).tiny))
    return x, np.exp(np.minimum(log_pdf, np.log(cap)))


def figure(d: ChainDigest, picked: int | None = None) -> go.Figure:
    cfg = d.config
    picked = d.last if picked is None else min(max(int(picked), 0), d.last)
    gens = [g for g in shown_generations(d.last) if g != picked]
    fits = {g: fitted(d, g) for g in [*gens, picked]}
    lo = min([cfg.mu0 - SPAN * cfg.sigma0] + [m - 3 * s for m, s in fits.values()])
    hi = max([cfg.mu0 + SPAN * cfg.sigma0] + [m + 3 * s for m, s in fits.values()])
    grid = np.linspace(lo, hi, 401)
    peak = 1.0 / (cfg.sigma0 * np.sqrt(2 * np.pi))
    cap = CLIP * peak * 1.02  # just above the axis top, so a clipped peak runs off the frame

    fig = style.new_figure(title(d, picked), "value", "probability density")
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=stats.norm.pdf(grid, cfg.mu0, cfg.sigma0),
            mode="lines",
            name="truth (generation 0)",
            line={"color": palette.TRUTH, "width": 3, "dash": "dash"},
        )
    )
    for g, colour in zip(gens, palette.SERIES, strict=False):
        x, y = _curve(*fits[g], grid, cap)
        fig.add_trace(
            go.Scatter(x=x, y=y, mode="lines", name=f"generation {g:,}", line={"color": colour, "width": 2})
        )
    x, y = _curve(*fits[picked], grid, cap)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            name=f"generation {picked:,} (picked)",
            line={"color": palette.PICKED, "width": 4},
        )
    )
    # s * sqrt(2 pi) below ~1e-308 would overflow 1/x: such a spike is infinitely tall anyway.
    tallest = max(1.0 / (s * np.sqrt(2 * np.pi)) if s > 1e-300 else np.inf for _, s in fits.values())
    top = min(max(1.15 * peak, 1.1 * tallest), CLIP * peak)
    fig.update_yaxes(range=[0, top])
    if tallest > CLIP * peak:
        fig.add_annotation(
            text="taller peaks run off the top",
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": 13, "color": "#555"},
        )
    return fig


def title(d: ChainDigest, picked: int) -> str:
    """Says what the picked curve shows (a title must not contradict the data: under accumulate
    or with real data the curve may keep its width and stay centred)."""
    cfg = d.config
    mean, sd = fitted(d, picked)
    ratio, drift = sd / cfg.sigma0, abs(mean - cfg.mu0) / cfg.sigma0
    width = "narrows" if ratio < 0.7 else "widens" if ratio > 1.3 else "keeps its width"
    where = "drifts" if drift > 0.5 else "stays near the truth"
    return f"One chain's bell curve {width} and {where}"


def caption(d: ChainDigest) -> str:
    return (
        "Each curve is the model that one chain fitted at that generation, beside the truth (the "
        "dashed black curve): the title says what the picked generation's curve did."
    )
