"""The phase diagram's one-line answer ("how much real data is enough?") at the grid's middle
sample size. Where the family has an exact boundary, the sentence states it (the dashed line on
the same page) and the simulation's grid reading only as a band beside it; without one, the
sentence gives the band of the grid's shares between which the simulated statistic crosses,
never the single cell that happens to cross first. Pure: no Streamlit."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from collapse_core.sweep.threshold import sweep_threshold


def _pct(x: float) -> str:
    return f"{x:.0%}" if x == 0 or x >= 0.1 else f"{x:.1%}"


def _band(lo: float, hi: float) -> str:
    if math.isnan(lo):
        return "beyond the grid (no share on it meets the target)"
    if math.isnan(hi):
        return f"from {_pct(lo)}, the upper end beyond the grid"
    if lo == hi:
        return f"at {_pct(lo)}"
    return f"between {_pct(lo)} and {_pct(hi)}"


def headline(
    table,
    values: dict[str, Any],
    metric: str,
    op: str,
    boundary: Sequence[float | None] | None,
    sizes: Sequence[int],
    share_step: float,
) -> str:
    """The sentence. `boundary` is the exact theory share per sample size (None: no theory);
    `share_step` the grid's spacing of real-data shares (the simulation's resolution)."""
    res = sweep_threshold(table, metric, values["statistic"], values["level"], op=op)
    if res.empty:
        return ""
    i = len(res) // 2
    row = res.iloc[i]
    m = int(row["sample_size"])
    stat, level, g = values["statistic"], values["level"], values["generations"]
    target = f"{metric} {op} {level:g} after {g} generations"
    band = _band(float(row["share_low"]), float(row["share_high"]))
    sim = f"the simulated {stat} on this grid (shares {_pct(share_step)} apart) crosses {band}"
    exact = None
    if boundary is not None and m in sizes:
        exact = boundary[list(sizes).index(m)]
    if exact is not None:
        if math.isnan(exact):
            return f"At sample size {m}, even all-real data does not keep the expected {target} (exact theory); {sim}."
        return (
            f"At sample size {m}, at least {_pct(exact)} real data per generation keeps the expected "
            f"{target} (exact theory, the dashed line); {sim}."
        )
    return (
        f"At sample size {m}, the real-data share that keeps the {stat} {target} lies {band} on this "
        f"grid (shares {_pct(share_step)} apart, read from each cell's 95% Monte Carlo interval)."
    )
