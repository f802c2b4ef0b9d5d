"""Phase-diagram figures: pure functions of a sweep's tidy table (or a theory grid).

Sample size runs along x on a log scale (drawn at log10 M, labelled with M), so the heatmap,
the contour at the target level and the theory boundary share one numeric axis."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

HEATMAP_TITLE = "Phase diagram"
THRESHOLD_TITLE = "How much real data is enough?"
PROVENANCE_TITLE = "Contaminated real data and a detector"
COLORSCALE = "Viridis"


def _log_x(fig: go.Figure, sizes: Sequence[int]) -> None:
    xs = np.log10(np.asarray(sizes, float))
    fig.update_xaxes(
        tickmode="array",
        tickvals=xs,
        ticktext=[f"{m:,}" for m in sizes],
        range=[xs[0] - 0.05, xs[-1] + 0.05] if len(xs) > 1 else None,
    )


def grid_values(table, sizes: Sequence[int], shares: Sequence[float]) -> np.ndarray:
    """z[share, size] from the table's `value` column (NaN where a cell has not finished)."""
    z = np.full((len(shares), len(sizes)), np.nan)
    if table is None or len(table) == 0:
        return z
    col = {m: i for i, m in enumerate(sizes)}
    row = {round(float(r), 6): j for j, r in enumerate(shares)}
    for m, r, v in zip(table["sample_size"], table["real_fraction"], table["value"], strict=True):
        z[row[round(float(r), 6)], col[int(m)]] = v
    return z


def heatmap(
    table,
    sizes: Sequence[int],
    shares: Sequence[float],
    *,
    metric: str,
    statistic: str,
    level: float,
    generations: int,
    boundary: Sequence[float | None] | None = None,
    done: int | None = None,
) -> go.Figure:
    """The metric over (sample size, real share), a contour at `level` (simulation) and, where
    the family has one, the exact boundary of the expectation (theory)."""
    z = grid_values(table, sizes, shares)
    title = f"{HEATMAP_TITLE}: {statistic} {metric} after {generations} generations"
    if done is not None:
        title += f" ({done} of {z.size} cells)"
    fig = style.new_figure(title, "sample size per generation (log scale)", "share of real data")
    fig.update_layout(hovermode="closest")
    xs = np.log10(np.asarray(sizes, float))
    finite = z[np.isfinite(z)]
    fig.add_trace(
        go.Heatmap(
            x=xs,
            y=list(shares),
            z=z,
            colorscale=COLORSCALE,
            name=f"{statistic} {metric}",
            colorbar={"title": {"text": metric, "side": "right"}, "thickness": 14},
            customdata=np.broadcast_to(np.asarray(sizes), z.shape),
            hovertemplate="M=%{customdata}<br>real share %{y:.3g}<br>" + metric + " %{z:.4g}<extra></extra>",
            zmin=float(finite.min()) if finite.size else None,
            zmax=float(finite.max()) if finite.size else None,
        )
    )
    if finite.size and finite.min() < level < finite.max() and len(sizes) > 1 and len(shares) > 1:
        fig.add_trace(
            go.Contour(
                x=xs,
                y=list(shares),
                z=z,
                showscale=False,
                hoverinfo="skip",
                contours={"start": level, "end": level, "size": 1.0, "coloring": "none", "showlabels": False},
                line={"color": palette.BLACK, "width": 3},
                name=f"simulation: {statistic} = {level:g}",
                showlegend=True,
            )
        )
    if boundary is not None:
        y = [np.nan if b is None or math.isnan(b) else b for b in boundary]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=y,
                mode="lines+markers",
                line={"color": palette.THEORY_EXPECTED, "width": 3, "dash": "dash"},
                name=f"theory: mean {metric} = {level:g} (exact recursion)",
            )
        )
    _log_x(fig, sizes)
    fig.update_yaxes(range=[-0.5 * _step(shares), shares[-1] + 0.5 * _step(shares)])
    return fig


def _step(shares: Sequence[float]) -> float:
    return float(shares[1] - shares[0]) if len(shares) > 1 else 0.05


def threshold(
    curve,
    sizes: Sequence[int],
    *,
    theory: Sequence[float | None] | None,
    metric: str,
    statistic: str,
    level: float,
    op: str,
    generations: int,
    share_high: float,
) -> go.Figure:
    """Smallest real share meeting the target per sample size: from the sweep (with its Monte
    Carlo band) and, where exact, from theory."""
    fig = style.new_figure(
        f"{THRESHOLD_TITLE} ({statistic} {metric} {op} {level:g} at G={generations})",
        "sample size per generation (log scale)",
        "smallest share of real data",
    )
    xs = np.log10(np.asarray(curve["sample_size"], float))
    hi = np.asarray(curve["share_high"], float)
    lo = np.asarray(curve["share_low"], float)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=np.where(np.isnan(hi), share_high, hi),
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=lo,
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=palette.rgba(palette.SIMULATION, 0.2),
            name="simulation: 95% Monte Carlo band",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=curve["share_needed"],
            mode="lines+markers",
            line={"color": palette.SIMULATION, "width": 3},
            name=f"simulation: {statistic}",
        )
    )
    if theory is not None:
        y = [np.nan if t is None or math.isnan(t) else t for t in theory]
        fig.add_trace(
            go.Scatter(
                x=np.log10(np.asarray(sizes, float)),
                y=y,
                mode="lines",
                line={"color": palette.THEORY_EXPECTED, "width": 2.5, "dash": "dash"},
                name=f"theory: mean {metric} (exact, bisection)",
            )
        )
    _log_x(fig, sizes)
    fig.update_yaxes(range=[0, share_high * 1.05], tickformat=".0%")
    return fig


def provenance(
    contaminations: Sequence[float],
    recalls: Sequence[float],
    z: np.ndarray,
    *,
    level: float,
    nominal: float,
    fpr: float,
    sample_size: int,
) -> go.Figure:
    """Gaussian stationary E[variance ratio] over (contamination, detector recall), exact."""
    fig = style.new_figure(
        f"{PROVENANCE_TITLE}: long-run variance (theory), M={sample_size}, real share {nominal:g}, FPR {fpr:g}",
        "detector recall (share of synthetic points caught)",
        "contamination of the real pool",
    )
    fig.update_layout(hovermode="closest")
    fig.add_trace(
        go.Heatmap(
            x=list(recalls),
            y=list(contaminations),
            z=z,
            colorscale=COLORSCALE,
            name="theory: stationary variance ratio",
            colorbar={"title": {"text": "variance ratio", "side": "right"}, "thickness": 14},
            hovertemplate="recall %{x:.2f}<br>contamination %{y:.2f}<br>E[var]/σ0² %{z:.4f}<extra></extra>",
        )
    )
    finite = z[np.isfinite(z)]
    if finite.size and finite.min() < level < finite.max():
        fig.add_trace(
            go.Contour(
                x=list(recalls),
                y=list(contaminations),
                z=z,
                showscale=False,
                hoverinfo="skip",
                contours={"start": level, "end": level, "size": 1.0, "coloring": "none"},
                line={"color": palette.BLACK, "width": 3},
                name=f"theory: long-run variance ratio = {level:g}",
                showlegend=True,
            )
        )
    fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(tickformat=".0%")
    return fig
