"""Text alternatives for charts: a short description of what a figure shows at the current
settings, and its numbers as a table, both read from the figure the family's builders drew from
the digest (so the words are the family's own titles, axis titles and series names).

    describe(fig)      # "Fitted variance, relative to the truth. Over generation 0 to 100, ..."
    table(fig)         # the line series as columns, one row per x value (pandas DataFrame)

chart.show puts the description beside every chart (visually hidden, read by screen readers)
and the table in a "Show the numbers" expander; the SVG export carries it as <title>/<desc>.
"""

from __future__ import annotations

import math
import re

import numpy as np
import plotly.graph_objects as go

MEDIAN = ": median"
BAND = ": 5–95% of chains"
THEORY = "theory: "
MAX_SERIES = 4  # medians and theory curves named in the description; the table has them all


def num(value: float) -> str:
    """A number as the description writes it: three significant digits, thousands separated."""
    v = float(value)
    if not math.isfinite(v):
        return "not a number" if math.isnan(v) else ("infinity" if v > 0 else "minus infinity")
    if v == 0:
        return "0"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if 1e-3 <= abs(v):
        return f"{float(f'{v:.3g}'):g}"
    return f"{v:.2e}"


def plain(text: str | None) -> str:
    """Chart text without Plotly's HTML (line breaks, superscripts)."""
    text = re.sub(r"<br\s*/?>", " ", text or "")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


def _axis_title(fig: go.Figure, trace, letter: str) -> str:
    ref = getattr(trace, f"{letter}axis", None) or letter
    axis = fig.layout[f"{letter}axis{ref[1:]}"] if len(ref) > 1 else fig.layout[f"{letter}axis"]
    return plain(axis.title.text) if axis is not None else ""


def _values(arr) -> np.ndarray | None:
    if arr is None:
        return None
    try:
        v = np.asarray(arr, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return v if v.size else None


def _lines(fig: go.Figure):
    """(trace, x, y) for every numeric line trace."""
    for t in fig.data:
        if t.type not in ("scatter", "scattergl"):
            continue
        x, y = _values(t.x), _values(t.y)
        if x is not None and y is not None and x.size == y.size:
            yield t, x, y


def _last_finite(y: np.ndarray) -> float:
    ok = np.flatnonzero(np.isfinite(y))
    return float(y[ok[-1]]) if ok.size else float("nan")


def _first_finite(y: np.ndarray) -> float:
    ok = np.flatnonzero(np.isfinite(y))
    return float(y[ok[0]]) if ok.size else float("nan")


def _band_edges(fig: go.Figure, median) -> tuple[np.ndarray, np.ndarray] | None:
    """The (q95, q05) traces figures/style.band draws just before a median, in its legend group."""
    data = list(fig.data)
    i = next(k for k, t in enumerate(data) if t is median)
    if i < 2:
        return None
    upper, lower = data[i - 2], data[i - 1]
    group = median.legendgroup
    if lower.fill != "tonexty" or upper.legendgroup != group or lower.legendgroup != group:
        return None
    hi, lo = _values(upper.y), _values(lower.y)
    return None if hi is None or lo is None else (hi, lo)


def describe(fig: go.Figure) -> str:
    """One paragraph: the title, then each simulated median from its first to its last value
    with where 90% of chains end, then where each theory curve ends; other chart types are
    named with their size."""
    title = plain(fig.layout.title.text) or "Chart"
    parts = [title.rstrip(".") + "."]
    lines = list(_lines(fig))
    medians = [
        (t, x, y)
        for t, x, y in lines
        if (t.name or "").endswith(MEDIAN) and not (t.name or "").startswith(THEORY)
    ]
    for t, x, y in medians[:MAX_SERIES]:
        x_title, y_title = _axis_title(fig, t, "x"), _axis_title(fig, t, "y")
        series = t.name[: -len(MEDIAN)]
        sentence = (
            f"Over {x_title or 'x'} {num(x[0])} to {num(x[-1])}, the {series} median of "
            f"{y_title or 'the value'} goes from {num(_first_finite(y))} to {num(_last_finite(y))}"
        )
        edges = _band_edges(fig, t)
        if edges is not None:
            hi, lo = _last_finite(edges[0]), _last_finite(edges[1])
            sentence += f"; 90% of chains end between {num(min(lo, hi))} and {num(max(lo, hi))}"
        parts.append(sentence + ".")
    theories = [(t, y) for t, _, y in lines if (t.name or "").startswith(THEORY)]
    if theories:
        ends = ", ".join(f"{t.name[len(THEORY) :]} {num(_last_finite(y))}" for t, y in theories[:MAX_SERIES])
        parts.append(f"Theory (dashed) ends at: {ends}.")
    if not medians:
        named = [(t, x, y) for t, x, y in lines if t.name and t.showlegend is not False]
        for t, x, y in named[:MAX_SERIES]:
            top = int(np.nanargmax(np.where(np.isfinite(y), y, -np.inf)))
            parts.append(
                f"{plain(t.name)}: from {num(_first_finite(y))} at {num(x[0])} to "
                f"{num(_last_finite(y))} at {num(x[-1])}, highest {num(y[top])} at {num(x[top])}."
            )
    others = [t for t in fig.data if t.type not in ("scatter", "scattergl")]
    if others:
        kinds = sorted({t.type for t in others})
        parts.append(f"Also drawn: {len(others)} {', '.join(kinds)} trace{'s' if len(others) > 1 else ''}.")
    return " ".join(parts)


def _series_name(t) -> str:
    """A column name: the band's edges are named for the quantile each one is."""
    group = t.legendgroup or ""
    if group.startswith("band-") and not t.name:
        return f"{group[5:]}: 95% of chains"
    if group.startswith("band-") and (t.name or "").endswith(BAND):
        return t.name[: -len(BAND)] + ": 5% of chains"
    return plain(t.name)


def table(fig: go.Figure):
    """The figure's line series on the longest shared x as columns (name and unit), one row per
    x value; None when the figure has no such series."""
    import pandas as pd  # only when a table is asked for

    lines = [(t, _series_name(t), x, y) for t, x, y in _lines(fig)]
    lines = [(t, x, y, name) for t, name, x, y in lines if name]
    if not lines:
        return None
    longest = max(lines, key=lambda item: item[1].size)
    t0, x0, _, _ = longest
    x_title = _axis_title(fig, t0, "x") or "x"
    columns = {x_title: x0}
    for t, x, y, series in lines:
        if x.size != x0.size or not np.array_equal(x, x0):
            continue
        unit = _axis_title(fig, t, "y")
        name = series + (f" ({unit})" if unit else "")
        if name not in columns:
            columns[name] = y
    return pd.DataFrame(columns) if len(columns) > 1 else None
