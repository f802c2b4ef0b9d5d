"""Send the browser what a screen can show: long traces decimated to about one point per pixel
column, numbers in float32 where that loses nothing visible.

A chart is at most ~1000 px wide, so a trace of 5000 generations carries 5x more points than
pixels. Each trace keeps, per bucket of consecutive points, the smallest and the largest value
(min-max decimation: a band's extremes and a chain's spikes survive, which averaging would
smooth away) plus its first and last point. The page shows the slim figure; the export (CSV,
HTML, PNG/SVG) is built from the full one.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

BUCKETS = 250  # per trace: at most 2 x BUCKETS + 2 points, about one per pixel column of a chart
_F32_LOW, _F32_HIGH = 1e-30, 1e30  # inside float32's normal range with room to spare
_PER_POINT = ("text", "hovertext", "customdata")


def keep_indices(y: np.ndarray, buckets: int = BUCKETS) -> np.ndarray:
    """Sorted indices of the points min-max decimation keeps (all of them if few)."""
    n = y.size
    if n <= 2 * buckets + 2:
        return np.arange(n)
    width = -(-n // buckets)
    rows = -(-n // width)
    pad = rows * width - n
    finite = np.where(np.isnan(y), np.inf, y)
    lo = np.append(finite, np.full(pad, np.inf)).reshape(rows, width).argmin(axis=1)
    finite = np.where(np.isnan(y), -np.inf, y)
    hi = np.append(finite, np.full(pad, -np.inf)).reshape(rows, width).argmax(axis=1)
    start = np.arange(rows) * width
    keep = np.concatenate(([0, n - 1], start + lo, start + hi))
    # A NaN (a gap in the line) is kept where a bucket holds one, so gaps stay gaps.
    gaps = np.flatnonzero(np.isnan(y))
    if gaps.size:
        keep = np.concatenate((keep, gaps[np.unique(gaps // width, return_index=True)[1]]))
    return np.unique(np.minimum(keep, n - 1))


def compact(values: np.ndarray) -> np.ndarray:
    """float32 when every finite value sits well inside its range (7 digits are plenty for a
    screen), integers as int16 or int32; otherwise unchanged (a collapsed variance of 1e-300 stays f8)."""
    if values.dtype.kind in "iu":
        top = np.abs(values).max() if values.size else 0
        return values.astype(np.int16 if top < 2**15 else np.int32) if top < 2**31 else values
    if values.dtype.kind != "f":
        return values
    mag = np.abs(values[np.isfinite(values) & (values != 0)])
    if mag.size == 0 or (mag.min() > _F32_LOW and mag.max() < _F32_HIGH):
        return values.astype(np.float32)
    return values


def _as_array(v):
    if v is None or isinstance(v, str):
        return None
    arr = np.asarray(v)
    return arr if arr.ndim == 1 and arr.dtype.kind in "iuf" else None


def trace(tr, buckets: int = BUCKETS) -> None:
    """Decimate and compact one scatter trace in place."""
    if tr.type not in ("scatter", "scattergl"):
        return
    x, y = _as_array(tr.x), _as_array(tr.y)
    if x is None or y is None or x.size != y.size:
        return
    keep = keep_indices(y.astype(float), buckets)
    if keep.size < y.size:
        for name in _PER_POINT:
            v = getattr(tr, name, None)
            if v is not None and not isinstance(v, str) and len(v) == y.size:
                setattr(tr, name, np.asarray(v, dtype=object)[keep].tolist())
        x, y = x[keep], y[keep]
    tr.x, tr.y = compact(x), compact(y)


def copy(fig: go.Figure) -> go.Figure:
    """A deep copy of `fig`, checked only if `fig` was. Unchecked, it is made from each part's
    own properties: go.Figure(fig) walks every property again, 7x slower."""
    if fig._validate:
        return go.Figure(fig)
    return go.Figure(
        data=[{**tr.to_plotly_json(), "type": tr.type} for tr in fig.data],
        layout=fig.layout.to_plotly_json(),
        frames=[fr.to_plotly_json() for fr in fig.frames] or None,
        _validate=False,
    )


def figure(fig: go.Figure, buckets: int = BUCKETS) -> go.Figure:
    """A slimmed copy of `fig` (the original, e.g. for export, is left as it is)."""
    out = copy(fig)
    for tr in out.data:
        trace(tr, buckets)
    return out
