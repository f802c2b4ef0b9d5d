"""Per-generation metrics of the fitted KDEs against the truth.

Stored while the chain runs (engine.STORED); the rest are derived from them on demand.
"""

from __future__ import annotations

import numpy as np

from collapse_core.kde import kernel


def _tail_ratio(k):
    return lambda a, c: a[f"tail_mass_{k}sd"] / kernel.truth_tail_mass(c, k)


METRICS: dict[str, tuple[str, object]] = {
    "variance_ratio": (
        "KDE variance (training-set variance, ddof 0, plus h^2) / the truth's variance",
        lambda a, c: a["variance"] / c.truth_variance,
    ),
    "variance": ("KDE variance: training-set variance (ddof 0) plus h^2", lambda a, c: a["variance"]),
    "mean_drift": (
        "KDE mean - mu0, in units of the truth's sd",
        lambda a, c: (a["mean"] - c.mu0) / c.truth_sd,
    ),
    "bandwidth": ("bandwidth h (undefined at generation 0, the truth)", lambda a, c: a["bandwidth"]),
    "wasserstein2": (
        "Wasserstein-2 distance to the truth (quantile coupling on a grid of spacing <= h/4)",
        lambda a, c: a["wasserstein2"],
    ),
    "modes": ("local maxima of the KDE density (on a grid of spacing <= h/4)", lambda a, c: a["modes"]),
    **{
        f"tail_mass_{k}sd": (
            f"KDE probability of |x - mu0| > {k} sd of the truth (exact: mean of the kernels' tails)",
            lambda a, c, k=k: a[f"tail_mass_{k}sd"],
        )
        for k in kernel.TAIL_KS
    },
    **{f"tail_ratio_{k}sd": (f"tail_mass_{k}sd / the truth's", _tail_ratio(k)) for k in kernel.TAIL_KS},
}


def compute(name: str, arrays: dict[str, np.ndarray], cfg) -> np.ndarray:
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
    return METRICS[name][1](arrays, cfg)
