"""Per-generation metrics of the fitted weights w_t against w*.

Under isotropic design x ~ N(0, I_d), the expected squared error of w_t on a fresh real
point (x, x . w* + noise) is exactly ||w_t - w*||^2 + sigma^2: no test set is drawn.
The engine stores ||w_t - w*||^2 and the component of w_t - w* along w*'s direction.
"""

from __future__ import annotations

import numpy as np

from collapse_core.regression import groups


def _cosine(a, c):
    """cos(w_t, w*) = (p + ||w*||) / ||w_t||, with ||w_t||^2 = sq + 2 ||w*|| p + ||w*||^2."""
    norm, p = c.weight_norm, a["projection"]
    w_norm = np.sqrt(np.maximum(a["sq_error"] + 2 * norm * p + norm * norm, 0.0))
    if norm == 0:
        return np.full_like(p, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(w_norm > 0, (p + norm) / np.where(w_norm > 0, w_norm, 1.0), np.nan)


METRICS: dict[str, tuple[str, object]] = {
    "test_error": (
        "expected squared error on fresh real data: ||w_t - w*||^2 + sigma^2 (isotropic design)",
        lambda a, c: a["sq_error"] + c.noise**2,
    ),
    "excess_risk": ("test error minus sigma^2: ||w_t - w*||^2", lambda a, c: a["sq_error"]),
    "excess_risk_ratio": ("||w_t - w*||^2 / sigma^2", lambda a, c: a["sq_error"] / c.noise**2),
    "weight_error": ("||w_t - w*||", lambda a, c: np.sqrt(a["sq_error"])),
    "weight_cosine": ("cosine between w_t and w* (undefined when ||w*|| = 0)", _cosine),
}
GROUP_METRICS = groups.metrics()


def names(cfg) -> tuple[str, ...]:
    """The metrics of a run: the group errors only when there are groups."""
    return tuple(METRICS) + (tuple(GROUP_METRICS) if groups.active(cfg) else ())


def compute(name: str, arrays: dict, cfg) -> np.ndarray:
    if name in GROUP_METRICS and "gap_projection" in arrays:
        return GROUP_METRICS[name][1](arrays, cfg)
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(names(cfg))}")
    return METRICS[name][1](arrays, cfg)
