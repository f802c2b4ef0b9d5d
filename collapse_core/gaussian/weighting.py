"""Weighting fresh real data against synthetic data instead of pooling them.

He, Xu and Cheng (arXiv 2502.18049) fit each generation's model as a weighted combination of
two estimates: one from the n fresh real points, one from the m synthetic points drawn from
the previous model. With weight w on the real part,

    mu_t      = w * mean(real) + (1 - w) * mean(synthetic)
    sigma_t^2 = w * s^2(real)  + (1 - w) * s^2(synthetic)

where s^2 divides the part's own sum of squares by (its size - ddof). Pooling is not the
special case w = n / (n + m): the pooled variance also holds the spread between the two
parts' means.

The mean's error e_t = mu_t - mu0 obeys E[e_t^2] = w^2 s0^2/n + (1-w)^2 (E[e_{t-1}^2] + E[v_{t-1}]/m).
With the variance held at the truth's (the unbiased estimator's stationary value) its fixed
point is (w^2/n + (1-w)^2/m) / (1 - (1-w)^2) in units of s0^2, minimised by

    w* = n / (2m) * (sqrt(1 + 4m/n) - 1),   with stationary error w* s0^2 / n,

which is 1/phi = (sqrt(5) - 1)/2 = 0.618... for n = m (the golden ratio's reciprocal).
"""

from __future__ import annotations

import math

import numpy as np

WEIGHTINGS = ("pool", "weighted", "optimal")


def optimal_real_weight(n_real: int, n_syn: int) -> float:
    """w* minimising the stationary error of the mean (the root of w^2/n + w/m - 1/m = 0)."""
    ratio = n_syn / n_real
    return (math.sqrt(1.0 + 4.0 * ratio) - 1.0) / (2.0 * ratio)


def stationary_mean_error(w: float, n_real: int, n_syn: int) -> float:
    """E[(mu - mu0)^2] / s0^2 at the fixed point for weight w, with the variance at the truth's."""
    if w <= 0.0:
        return math.inf
    return (w * w / n_real + (1.0 - w) ** 2 / n_syn) / (1.0 - (1.0 - w) ** 2)


def real_weight(cfg) -> float | None:
    """The weight on the real part that cfg asks for, or None (pool the two parts)."""
    if cfg.weighting == "pool":
        return None
    if cfg.weighting == "optimal":
        return optimal_real_weight(cfg.n_real, cfg.n_syn)
    return float(cfg.real_weight)


def check(cfg) -> None:
    """Raise ValueError naming the setting when weighting cannot apply to cfg."""
    if cfg.weighting == "pool":
        return
    if cfg.regime != "replace" or cfg.real_source != "fresh":
        raise ValueError(
            f"weighting {cfg.weighting!r} needs regime 'replace' with real_source 'fresh' (fresh real "
            f"data each generation); got regime {cfg.regime!r}, real_source {cfg.real_source!r}"
        )
    if cfg.n_real < 2 or cfg.n_syn < 2:
        raise ValueError(
            f"weighting {cfg.weighting!r} needs at least 2 real and 2 synthetic points per generation "
            f"(each part estimates its own variance); real_fraction {cfg.real_fraction:g} of "
            f"sample_size {cfg.sample_size:,} gives {cfg.n_real:,} real and {cfg.n_syn:,} synthetic"
        )


def weighted_fit(real, syn, w: float, ddof: int) -> tuple[np.ndarray, np.ndarray]:
    """(mean, variance) per replicate from the real and synthetic Groups, weighted by w."""
    # Scalars first: one array operation per term.
    mean = w * real.mean + (1.0 - w) * syn.mean
    var = (w / (real.n - ddof)) * real.q + ((1.0 - w) / (syn.n - ddof)) * syn.q
    return mean, var


def expected_moments(cfg, w: float) -> dict[str, np.ndarray]:
    """E[sigma_t^2]/s0^2 and E[(mu_t - mu0)^2]/s0^2 for t = 0..G under weight w (exact).

    E[s^2(part)] = (n - 1)/(n - ddof) times the part's source variance; the real and synthetic
    means are independent given the previous model, and the real mean is centred on mu0.
    """
    n, m, dd = cfg.n_real, cfg.n_syn, cfg.ddof
    c_real, c_syn = (n - 1) / (n - dd), (m - 1) / (m - dd)
    g = cfg.generations
    v, d2 = np.empty(g + 1), np.empty(g + 1)
    v[0], d2[0] = 1.0, 0.0
    for t in range(g):
        d2[t + 1] = w * w / n + (1.0 - w) ** 2 * (d2[t] + v[t] / m)
        v[t + 1] = w * c_real + (1.0 - w) * c_syn * v[t]
    return {"variance_ratio": v, "mean_drift_sq": d2}


def stationary(cfg, w: float) -> tuple[float, float]:
    """(variance ratio, mean error / s0^2) at the fixed point of expected_moments (w > 0)."""
    n, m, dd = cfg.n_real, cfg.n_syn, cfg.ddof
    c_real, c_syn = (n - 1) / (n - dd), (m - 1) / (m - dd)
    v = w * c_real / (1.0 - (1.0 - w) * c_syn)
    d2 = (w * w / n + (1.0 - w) ** 2 * v / m) / (1.0 - (1.0 - w) ** 2)
    return v, d2
