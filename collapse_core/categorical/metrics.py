"""Per-generation metrics of a fitted categorical model p against the truth p0.

The engine reduces each generation's model to the STORED metrics (one value per replicate)
as it goes, because the (R, G + 1, K) models themselves are never kept. The DERIVED metrics
are computed on demand from those and from the extinction table.

A category is *alive* at generation t when it occurs in the training set of model t (count
> 0). Under maximum likelihood that is the same as p_k > 0; with add-alpha smoothing every
category keeps probability alpha / (N + alpha K), and alive still means "seen in training".

Tail coverage at cut c: truth mass of the categories of rank > c that are alive, divided by
the truth mass of all ranks > c (NaN when K <= c: there is no tail).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from collapse_core.summary import Monotone, bases_for, order_stats, structure_summary

TAIL_RANKS = (10, 100)


class TruthTables:
    """The truth laid out for gathers: index K is a padding category with probability 0."""

    def __init__(self, p0: np.ndarray):
        k = p0.size
        self.k = k
        self.p0 = np.append(p0, 0.0)
        self.log_p0 = np.append(np.log(p0), 0.0)  # never used where p0 = 0
        self.heterozygosity = float(1.0 - p0 @ p0)
        self.entropy = float(-special.xlogy(p0, p0).sum())
        self.tail_mass = {c: float(p0[c:].sum()) for c in TAIL_RANKS}

    def take(self, table: np.ndarray, cat: np.ndarray | None) -> np.ndarray:
        """table at each column's category; cat None means the identity layout (all K)."""
        return table[None, : self.k] if cat is None else table[cat]


def _beyond(x: np.ndarray, cat: np.ndarray | None, c: int) -> np.ndarray:
    """Row sums of x over the categories of rank > c (index >= c; padding excluded)."""
    if cat is None:
        return x[:, c:].sum(axis=1)
    return np.where(cat >= c, x, 0.0).sum(axis=1)  # padding columns hold x = 0


def reduce(p: np.ndarray, cat: np.ndarray | None, alive: np.ndarray, tt: TruthTables) -> dict:
    """Stored metrics (except `revived`) for rows of models p laid out as cat (see engine)."""
    p0 = tt.take(tt.p0, cat)
    plogp = special.xlogy(p, p).sum(axis=1)
    # Categories outside the layout are dead (p = 0): each adds its p0 to sum |p - p0|.
    outside = np.maximum(1.0 - p0.sum(axis=1), 0.0)
    alive_p0 = np.where(alive, p0, 0.0)
    out = {
        "surviving": alive.sum(axis=1),
        "heterozygosity": 1.0 - np.einsum("ij,ij->i", p, p),
        "entropy": -plogp,
        "tv_distance": 0.5 * (np.abs(p - p0).sum(axis=1) + outside),
        "kl_divergence": np.maximum(plogp - np.einsum("ij,ij->i", p, tt.take(tt.log_p0, cat)), 0.0),
    }
    for c in TAIL_RANKS:
        tail = tt.tail_mass[c]
        cov = _beyond(alive_p0, cat, c) / tail if tail > 0 else np.full(p.shape[0], np.nan)
        out[f"tail_coverage_top{c}"] = cov
        out[f"tail_mass_top{c}"] = _beyond(p, cat, c)
    return out


def truth_values(tt: TruthTables) -> dict:
    """Stored metrics of generation 0, the truth itself."""
    out = {
        "surviving": tt.k,
        "revived": 0,
        "heterozygosity": tt.heterozygosity,
        "entropy": tt.entropy,
        "tv_distance": 0.0,
        "kl_divergence": 0.0,
    }
    for c in TAIL_RANKS:
        out[f"tail_coverage_top{c}"] = 1.0 if tt.tail_mass[c] > 0 else np.nan
        out[f"tail_mass_top{c}"] = tt.tail_mass[c]
    return out


STORED: dict[str, str] = {
    "surviving": "categories alive (seen in the model's training set); K at generation 0",
    "revived": "categories alive now that were extinct one generation earlier",
    "heterozygosity": "1 - sum p_k^2: chance that two tokens drawn from the model differ",
    "entropy": "Shannon entropy of the model, nats",
    "tv_distance": "total-variation distance to the truth, 1/2 sum |p_k - p0_k|",
    "kl_divergence": "KL(fitted || truth) in nats",
    **{
        f"tail_coverage_top{c}": (
            f"truth mass of alive categories of rank > {c} / truth mass of all ranks > {c}"
        )
        for c in TAIL_RANKS
    },
    **{f"tail_mass_top{c}": f"model's probability of the ranks > {c}" for c in TAIL_RANKS},
}
INT_METRICS = ("surviving", "revived")


def _ever_extinct(res) -> np.ndarray:
    """Categories extinct at some generation <= t (a revived one still counts)."""
    first = res.arrays["first_extinct"]
    g = res.config.generations
    out = np.zeros((first.shape[0], g + 1), dtype=np.int64)
    for i, row in enumerate(first):
        out[i] = np.cumsum(np.bincount(row[row > 0], minlength=g + 1))
    return out


def _lost_total(res) -> np.ndarray:
    """Drop-outs so far: each generation's newly extinct categories (a change in the extinct
    count plus the ones revived meanwhile), summed; a category lost twice counts twice."""
    extinct = res.metric("extinct")
    lost = np.diff(extinct, axis=1, prepend=extinct[:, :1]) + res.metric("revived")
    return np.cumsum(lost, axis=1)


DERIVED: dict[str, tuple[str, object]] = {
    "extinct": (
        "categories not alive: K - surviving",
        lambda res: res.config.categories - res.metric("surviving"),
    ),
    "surviving_fraction": ("surviving / K", lambda res: res.metric("surviving") / res.config.categories),
    "ever_extinct": ("categories extinct at some generation so far (revived ones included)", _ever_extinct),
    "lost_total": ("extinctions so far, a category lost twice counting twice", _lost_total),
    "revived_total": ("comebacks so far", lambda res: np.cumsum(res.metric("revived"), axis=1)),
    "effective_categories": (
        "1 / sum p_k^2, the number of equally likely categories with the same heterozygosity",
        lambda res: 1.0 / (1.0 - res.metric("heterozygosity")),
    ),
    "collapsed": (
        "1 where at most one category is alive (total collapse: one word left), else 0; its mean over "
        "chains is the share of chains collapsed",
        lambda res: (res.metric("surviving") <= 1).astype(float),
    ),
}

METRICS: dict[str, str] = {**STORED, **{k: v[0] for k, v in DERIVED.items()}}


# Structure for the summary: derived metrics that are monotone functions of a stored one need
# no selection of their own (see collapse_core.summary). fn is the metric's own formula.
MONOTONE: dict[str, Monotone] = {
    "extinct": Monotone("surviving", lambda x, res: res.config.categories - x, increasing=False),
    "surviving_fraction": Monotone("surviving", lambda x, res: x / res.config.categories),
    "effective_categories": Monotone("heterozygosity", lambda x, res: 1.0 / (1.0 - x)),
    "collapsed": Monotone("surviving", lambda x, res: (x <= 1).astype(float), increasing=False),
}


def summary(res, names) -> dict[str, dict[str, np.ndarray]]:
    """{metric: {mean, median, q05, q95}} across replicates, equal to summarise(metric) to
    floating rounding: each base statistic is selected once."""
    names = tuple(names)
    for name in names:
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
    means = {}
    for name in names:
        values = res.metric(name)
        means[name] = values.mean(axis=0)
    stats = {}
    for base in bases_for(names, MONOTONE):
        values = res.metric(base)
        maybe_nan = ~np.isfinite(values.mean(axis=0)) if values.dtype.kind == "f" else None
        stats[base] = order_stats(values, maybe_nan)
    return structure_summary(names, means, stats, MONOTONE, res)


def compute(name: str, res) -> np.ndarray:
    if name in STORED:
        return res.arrays[name]
    if name in DERIVED:
        return DERIVED[name][1](res)
    raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
