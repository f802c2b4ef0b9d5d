"""Per-generation metrics of fitted Gaussians N(m, v) against the truth N(mu0, sigma0^2).

Every metric is computed from the fitted mean and log-variance, so it stays finite when the
variance itself is far below float64's range (M = 2 after thousands of generations).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import special

TAIL_KS = (2, 3, 4)
Z_999 = float(special.ndtri(0.999))
_TINY = np.finfo(float).tiny


def truth_tail_mass(k: float) -> float:
    """P(|X - mu0| > k sigma0) under the truth: 2 * Phi(-k)."""
    return float(2.0 * special.ndtr(-k))


def _log_ratio(lv, cfg):
    return lv - 2.0 * np.log(cfg.sigma0)


def _sd(lv):
    return np.maximum(np.exp(0.5 * lv), _TINY)


def _tail_mass(m, lv, cfg, k):
    sd = _sd(lv)
    # A collapsed model (sd ~ 1e-300) puts z at +-inf, where ndtr is exactly 0 or 1.
    with np.errstate(over="ignore"):
        upper = (cfg.mu0 + k * cfg.sigma0 - m) / sd
        lower = (cfg.mu0 - k * cfg.sigma0 - m) / sd
    return special.ndtr(-upper) + special.ndtr(lower)


def _kl(m, lv, cfg):
    """KL(fitted || truth) = log(sigma0/s) + (s^2 + (m - mu0)^2) / (2 sigma0^2) - 1/2."""
    lr = _log_ratio(lv, cfg)
    return -0.5 * lr + 0.5 * (np.exp(lr) + ((m - cfg.mu0) / cfg.sigma0) ** 2) - 0.5


def _w2(m, lv, cfg):
    return np.hypot(m - cfg.mu0, np.exp(0.5 * lv) - cfg.sigma0)


MetricFn = Callable[[np.ndarray, np.ndarray, object], np.ndarray]

METRICS: dict[str, tuple[str, MetricFn]] = {
    "mean": ("fitted mean", lambda m, lv, c: m),
    "variance": (
        "fitted variance (floored at the smallest float64, see log_variance_ratio)",
        lambda m, lv, c: np.maximum(np.exp(lv), _TINY),
    ),
    "variance_ratio": (
        "fitted variance / sigma0^2 (floored at the smallest float64)",
        lambda m, lv, c: np.maximum(np.exp(_log_ratio(lv, c)), _TINY),
    ),
    "log_variance_ratio": ("natural log of variance_ratio, never floored", lambda m, lv, c: _log_ratio(lv, c)),
    "mean_drift": ("fitted mean - mu0, in units of sigma0", lambda m, lv, c: (m - c.mu0) / c.sigma0),
    "wasserstein2": ("Wasserstein-2 distance to the truth", _w2),
    "kl_divergence": ("KL(fitted || truth) in nats", _kl),
    **{
        f"tail_mass_{k}sigma": (
            f"fitted model's probability of |x - mu0| > {k} sigma0",
            lambda m, lv, c, k=k: _tail_mass(m, lv, c, k),
        )
        for k in TAIL_KS
    },
    **{
        f"tail_ratio_{k}sigma": (
            f"tail_mass_{k}sigma / the truth's ({truth_tail_mass(k):.3g})",
            lambda m, lv, c, k=k: _tail_mass(m, lv, c, k) / truth_tail_mass(k),
        )
        for k in TAIL_KS
    },
    "quantile_001": ("0.1% quantile of the fitted model", lambda m, lv, c: m - Z_999 * np.exp(0.5 * lv)),
    "quantile_999": ("99.9% quantile of the fitted model", lambda m, lv, c: m + Z_999 * np.exp(0.5 * lv)),
}


def compute(name: str, mean: np.ndarray, log_variance: np.ndarray, cfg) -> np.ndarray:
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
    return METRICS[name][1](mean, log_variance, cfg)
