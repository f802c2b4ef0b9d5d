"""How much real data is enough? The smallest real-data share that keeps a metric on the right
side of a target level after a given number of generations, for each sample size.

From theory where a family publishes the metric's exact expectation per generation (its
theory dict has `expected_<metric>`, e.g. the Gaussian's expected_variance_ratio from the exact
moment recursion): the real share is n_real / M with n_real an integer (round(r M)), so the
answer is the smallest integer n_real that meets the target, found by bisection over 0..M
(the expectation is assumed monotone in n_real; `check_monotone` verifies it on every n_real).

From a sweep otherwise (any statistic, any family): on the swept grid of real_fraction, the
smallest grid value from which on every larger grid value meets the target; its Monte Carlo
band uses the cells' 95% intervals (the smallest value from which the whole interval meets
the target, and from which any of it does).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from collapse_core import families

OPS = (">=", "<=")


def _meets(value: float, level: float, op: str) -> bool:
    if op not in OPS:
        raise ValueError(f"op must be >= or <=; got {op!r}")
    if value is None or not math.isfinite(value):
        return False
    return value >= level if op == ">=" else value <= level


def expected_metric(cfg, metric: str, generation: int) -> float | None:
    """The family's exact E[metric] at `generation` (theory key expected_<metric>), or None."""
    seq = families.of(cfg).theory(cfg).get(f"expected_{metric}")
    if not isinstance(seq, list) or generation >= len(seq):
        return None
    return seq[generation]


def _with_real(cfg, n_real: int):
    # k / M * M rounds back to k (halves up): the config holds exactly k real points.
    return dataclasses.replace(cfg, real_fraction=n_real / cfg.sample_size)


def theory_threshold(
    cfg, metric: str, level: float, generation: int | None = None, op: str = ">="
) -> float | None:
    """Smallest real share n_real / M at which E[metric] at `generation` (default: cfg's G)
    meets `op level`, by bisection over the integer n_real. None when the family has no exact
    expectation for the metric; NaN when even all-real data (n_real = M) misses the target."""
    g = cfg.generations if generation is None else generation
    m = cfg.sample_size

    class NoTheory(Exception):
        pass

    def ok(k: int) -> bool:
        v = expected_metric(_with_real(cfg, k), metric, g)
        if v is None:
            raise NoTheory
        return _meets(v, level, op)

    try:
        if not ok(m):
            return math.nan
        if ok(0):
            return 0.0
        lo, hi = 0, m  # ok(lo) false, ok(hi) true
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok(mid):
                hi = mid
            else:
                lo = mid
    except NoTheory:
        return None
    return hi / m


def check_monotone(cfg, metric: str, generation: int | None = None) -> bool:
    """True when E[metric] at the generation is monotone in n_real over 0..M (bisection's
    assumption). Costs M + 1 theory evaluations."""
    g = cfg.generations if generation is None else generation
    vals = np.array([expected_metric(_with_real(cfg, k), metric, g) for k in range(cfg.sample_size + 1)])
    d = np.diff(vals)
    return bool(np.all(d >= -1e-12) or np.all(d <= 1e-12))


def theory_curve(
    cfg, sample_sizes, metric: str, level: float, generation: int | None = None, op: str = ">="
) -> list[float | None]:
    """theory_threshold for each sample size (the rest of cfg unchanged)."""
    return [
        theory_threshold(dataclasses.replace(cfg, sample_size=int(m)), metric, level, generation, op)
        for m in sample_sizes
    ]


def _first_from(r: np.ndarray, meets: np.ndarray) -> float:
    """Smallest r[i] such that meets[i:] are all true (r ascending); NaN if meets[-1] is false."""
    if not meets.size or not meets[-1]:
        return math.nan
    bad = np.flatnonzero(~meets)
    return float(r[0] if not bad.size else r[bad[-1] + 1])


def sweep_threshold(
    table,
    metric: str,
    statistic: str,
    level: float,
    generation: int | None = None,
    op: str = ">=",
    by: str = "sample_size",
    share: str = "real_fraction",
):
    """From a sweep's tidy table over (`by`, `share`): per value of `by`, the smallest swept
    share meeting the target (`share_needed`) and its Monte Carlo band (`share_low`: from which
    the optimistic end of the 95% interval meets it; `share_high`: from which the whole
    interval does). A DataFrame with columns by, share_needed, share_low, share_high."""
    import pandas as pd

    t = table[(table["metric"] == metric) & (table["statistic"] == statistic)]
    if generation is not None:
        t = t[t["generation"] == generation]
    elif "generation" in t:
        t = t[t["generation"] == t.groupby("cell")["generation"].transform("max")]
    if t.empty:
        raise ValueError(
            f"the sweep holds no {metric}:{statistic}"
            + (f" at generation {generation}" if generation is not None else "")
        )
    optimistic, pessimistic = ("ci_high", "ci_low") if op == ">=" else ("ci_low", "ci_high")
    out = []
    for key, grp in t.groupby(by, sort=True):
        grp = grp.sort_values(share)
        r = grp[share].to_numpy(float)

        def first(col, grp=grp, r=r):
            return _first_from(r, np.array([_meets(v, level, op) for v in grp[col]]))

        out.append(
            {
                by: key,
                "share_needed": first("value"),
                "share_low": first(optimistic),
                "share_high": first(pessimistic),
            }
        )
    return pd.DataFrame(out, columns=[by, "share_needed", "share_low", "share_high"])


def answer(
    by_value,
    share: float | None,
    level: float,
    metric: str,
    statistic: str,
    generation: int,
    op: str = ">=",
    by: str = "sample size",
) -> str:
    """The one-line answer in plain words."""
    target = f"{statistic} {metric} {op} {level:g} after {generation} generations"
    if share is None:
        return f"No closed form for {target}; run a sweep."
    if math.isnan(share):
        return f"At {by} {by_value}, no real-data share on the grid reaches {target}."
    return f"At {by} {by_value}, at least {share:.1%} real data per generation keeps {target}."
