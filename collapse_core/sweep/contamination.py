"""Data-provenance knobs: a "real" pool contaminated by the model's own output, and a
synthetic-data detector that filters the pool before it is used.

Model. Each new batch of M points holds n_real = round(r M) points taken from the real pool
and M - n_real from the current model, as in every family. The pool is large; a share c of
it (the contamination) is in fact the current model's output. A detector looks at every
pool point and removes it when it flags it: it flags a synthetic point with probability
`recall` and a genuine one with probability `fpr` (its false-positive rate), independently.
The n_real points are drawn from what the detector keeps. A kept point is genuine with
probability

    p_clean = (1 - c)(1 - fpr) / ((1 - c)(1 - fpr) + c (1 - recall)),

(Bayes' rule over the two kinds of pool point), so the number of genuine points in a batch is
K ~ Binomial(n_real, p_clean) and the rest, M - K, are draws from the current model (the
contaminating points are the current model's output, so they are indistinguishable from the
batch's own synthetic part). The effective real share is

    r_eff = r * p_clean.

When the detector keeps nothing ((1 - c)(1 - fpr) + c (1 - recall) = 0: a fully contaminated
pool and a perfect detector, or fpr = 1) the pool gives no data; we then take the whole batch
from the model (r_eff = 0).

Two uses, both leaving the families' engines untouched:
- the approximation: run the family with real_fraction = r_eff (a fixed round(r_eff M)
  genuine points per batch instead of a binomial count); any family, any metric, via a sweep.
- for the Gaussian (replace, fresh real data), the exact stationary variance: the moment step
  of collapse_core.gaussian.theory is affine in (E sigma^2, E drift^2) for a given count k, so
  with K random and independent of the past the step is the binomial average of the affine
  steps, and its fixed point is exact. `gaussian_stationary` returns both.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from collapse_core.binomial import binom_pmf
from collapse_core.config import check_real


def clean_share(contamination: float, recall: float, fpr: float) -> float:
    """p_clean: the probability that a point the detector keeps is genuine (0 when it keeps
    nothing)."""
    check_real("contamination", contamination, 0.0, 1.0)
    check_real("recall", recall, 0.0, 1.0)
    check_real("fpr", fpr, 0.0, 1.0)
    genuine = (1.0 - contamination) * (1.0 - fpr)
    kept = genuine + contamination * (1.0 - recall)
    return 0.0 if kept <= 0.0 else genuine / kept


def effective_real_share(
    real_fraction: float, contamination: float, recall: float = 0.0, fpr: float = 0.0
) -> float:
    """r_eff = r * p_clean: the expected share of genuine real points in a batch."""
    check_real("real_fraction", real_fraction, 0.0, 1.0)
    return real_fraction * clean_share(contamination, recall, fpr)


def _affine(cfg, n_real: int):
    """(A, b) of the Gaussian's exact replace/fresh moment step x -> A x + b, x = (v, d2), with
    exactly n_real genuine points per batch."""
    from collapse_core.gaussian.theory import _step  # read-only use of the exact recursion

    c = dataclasses.replace(cfg, real_fraction=n_real / cfg.sample_size)

    def f(x):
        v, d2, _, _ = _step(c, 1, x[0], x[1], 0.0, 0.0)
        return np.array([v, d2])

    b = f(np.zeros(2))
    a = np.column_stack([f(np.eye(2)[i]) - b for i in range(2)])
    return a, b


def _fixed_point(a: np.ndarray, b: np.ndarray, v0: float) -> float:
    """lim E[sigma_t^2] of x -> A x + b from x0 = (v0, 0)."""
    if np.max(np.abs(np.linalg.eigvals(a))) < 1.0 - 1e-12:
        return float(np.linalg.solve(np.eye(2) - a, b)[0])
    # No real data at all (K = 0 surely): the drift is a random walk, but the variance row
    # does not depend on it; it shrinks to 0 (MLE) or keeps its start (unbiased).
    if a[0, 1] == 0.0 and a[0, 0] < 1.0:
        return float(b[0] / (1.0 - a[0, 0]))
    if a[0, 1] == 0.0 and a[0, 0] == 1.0 and b[0] == 0.0:
        return v0
    return math.nan


def _check(cfg) -> None:
    if cfg.regime != "replace" or cfg.real_source != "fresh":
        raise ValueError("the stationary variance applies to regime replace with fresh real data")


def _table(cfg) -> tuple[np.ndarray, np.ndarray]:
    """A_k, b_k for every count k = 0..n_real of genuine points (they do not depend on c)."""
    pairs = [_affine(cfg, k) for k in range(cfg.n_real + 1)]
    return np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])


def _stationary(cfg, p: float, table) -> dict:
    a_k, b_k = table
    s2 = cfg.sigma0**2
    r_eff = cfg.real_fraction * p
    n_eff = math.floor(r_eff * cfg.sample_size + 0.5)
    approx = (
        _fixed_point(*_affine(cfg, n_eff), s2) / s2
        if n_eff > cfg.n_real
        else _fixed_point(a_k[n_eff], b_k[n_eff], s2) / s2
    )
    w = binom_pmf(np.arange(cfg.n_real + 1), cfg.n_real, p)
    exact = _fixed_point(np.tensordot(w, a_k, axes=1), w @ b_k, s2) / s2
    return {"r_eff": r_eff, "approx": approx, "exact": exact}


def gaussian_stationary(cfg, contamination: float, recall: float = 0.0, fpr: float = 0.0) -> dict:
    """Long-run E[sigma^2] / sigma0^2 of a Gaussian chain (regime replace, fresh real data,
    nominal share cfg.real_fraction) whose real pool is contaminated and filtered.

    Returns {"r_eff", "approx": with real_fraction = r_eff (round(r_eff M) genuine points),
    "exact": with a Binomial(n_real, p_clean) count of genuine points}."""
    _check(cfg)
    return _stationary(cfg, clean_share(contamination, recall, fpr), _table(cfg))


def gaussian_grid(cfg, contaminations, recalls, fpr: float = 0.0, kind: str = "exact") -> np.ndarray:
    """gaussian_stationary[kind] over a (contamination, recall) grid: shape (len(c), len(recall))."""
    _check(cfg)
    table = _table(cfg)
    return np.array(
        [[_stationary(cfg, clean_share(c, rc, fpr), table)[kind] for rc in recalls] for c in contaminations]
    )


def provenance_spec(
    family: str,
    base: dict,
    nominal: float,
    contaminations,
    recalls,
    fpr: float,
    metrics,
    root_seed: int = 0,
    read="last",
):
    """A sweep for any family over (contamination, recall) in the r_eff approximation: one cell
    per distinct effective real share r_eff = nominal * p_clean (the family's real_fraction).
    Returns (spec, cells) with cells[(c, recall)] = r_eff; `expand` maps its table back."""
    from collapse_core.sweep.spec import Axis, SweepSpec

    cells = {
        (float(c), float(rc)): round(effective_real_share(nominal, c, rc, fpr), 12)
        for c in contaminations
        for rc in recalls
    }
    shares = tuple(sorted(set(cells.values())))
    spec = SweepSpec(
        family=family,
        base=base,
        axes=(Axis("real_fraction", shares),),
        metrics=tuple(metrics),
        read=read,
        root_seed=root_seed,
    )
    return spec, cells


def expand(table, cells: dict):
    """The sweep's tidy table over r_eff -> one row per (contamination, recall) x metric x
    generation, with columns contamination, recall, r_eff first."""
    import pandas as pd

    key = pd.DataFrame(
        [{"contamination": c, "recall": rc, "real_fraction": r} for (c, rc), r in cells.items()]
    )
    t = table.assign(real_fraction=table["real_fraction"].round(12))
    out = key.merge(t, on="real_fraction", how="left").rename(columns={"real_fraction": "r_eff"})
    return out
