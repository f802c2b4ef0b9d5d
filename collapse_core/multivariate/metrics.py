"""Per-generation metrics of fitted Gaussians N(m_t, S_t) against the truth N(0, S0).

The engine stores logs (trace, determinant and extreme eigenvalue ratios), so they stay finite
when a covariance collapses below float64's range; the ratios themselves are floored at the
smallest float64. Eigenvalue ratios are those of S0^-1 S_t (the variance ratio along the
most-shrunk and most-grown directions, measured against the truth in each direction); for the
identity truth they are the eigenvalues of S_t.
"""

from __future__ import annotations

import numpy as np

_TINY = np.finfo(float).tiny


def _exp(x):
    return np.maximum(np.exp(x), _TINY)


METRICS: dict[str, tuple[str, object]] = {
    "trace_ratio": (
        "tr S_t / tr S0, total variance against the truth's (floored at the smallest float64)",
        lambda a: _exp(a["log_trace_ratio"]),
    ),
    "log_trace_ratio": ("natural log of trace_ratio, never floored", lambda a: a["log_trace_ratio"]),
    "logdet_ratio": (
        "log det S_t - log det S0 (log of the volume ratio squared)",
        lambda a: a["logdet_ratio"],
    ),
    "eig_min_ratio": (
        "smallest eigenvalue of S0^-1 S_t: variance left in the most-shrunk direction",
        lambda a: _exp(a["log_eig_min_ratio"]),
    ),
    "eig_max_ratio": ("largest eigenvalue of S0^-1 S_t", lambda a: _exp(a["log_eig_max_ratio"])),
    "log_eig_min_ratio": ("natural log of eig_min_ratio, never floored", lambda a: a["log_eig_min_ratio"]),
    "log_eig_max_ratio": ("natural log of eig_max_ratio, never floored", lambda a: a["log_eig_max_ratio"]),
    "mean_drift": (
        "Mahalanobis norm of m_t under the truth: sqrt(m_t^T S0^-1 m_t)",
        lambda a: a["mean_drift"],
    ),
    "wasserstein2": (
        "Wasserstein-2 distance to the truth (closed form for Gaussians)",
        lambda a: a["wasserstein2"],
    ),
    "kl_divergence": ("KL(fitted || truth) in nats", lambda a: a["kl_divergence"]),
}


def compute(name: str, arrays: dict) -> np.ndarray:
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
    return METRICS[name][1](arrays)
