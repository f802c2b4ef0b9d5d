"""Closed forms for the KDE chain: the exact first-moment recursion of the KDE's variance.

Write V_t for the variance of generation t's KDE: V_t = s_t^2 + h_t^2, with s_t^2 the
training set's variance (ddof 0). Draws from a KDE are iid with the KDE's mean and
variance V_t, so for a training set of M draws (replace, no real data)

    E[s_{t+1}^2 | model t] = (M - 1)/M * V_t = (M - 1)/M * (s_t^2 + h^2),

and E[V_{t+1}] = (M - 1)/M * E[V_t] + h^2 for a fixed h: the variance moves geometrically
to the fixed point M h^2 (it inflates when h > sd_truth / sqrt(M)). For the Scott and
Silverman rules h^2 = c^2 n^(-2/5) * n/(n - 1) * s^2, so E[V_{t+1}] = ((M - 1)/M + c^2
M^(-2/5)) E[V_t]: geometric growth (c = 1 for Scott, (4/3)^(1/5) for Silverman).

With real data, or under accumulate, the training set is a union of groups (the pool, the
real part, the synthetic part); the expected pooled sum of squares Q is linear in the
previous generation's moments (E[V_t], E[(mean_t - mu0)^2], and the covariance with a fixed
real sample's mean). That is the Gaussian family's recursion (gaussian.theory._step, with
ddof 0 and the truth's variance, valid for any truth with that variance) followed by
V = Q/N + h^2 (fixed h) or V = Q/N + c^2 N^(-2/5) Q/(N - 1) (a rule): still exact, not an
approximation. accumulate-subsample has no closed form here.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from collapse_core.gaussian.theory import _step
from collapse_core.kde.config import KDEConfig
from collapse_core.kde.kernel import bandwidth_factor


def _h2(cfg: KDEConfig, q: float, n: int) -> float:
    if cfg.bandwidth_rule == "fixed":
        return cfg.bandwidth**2
    return bandwidth_factor(cfg.bandwidth_rule, n) ** 2 * q / (n - 1)


def expected_moments(cfg: KDEConfig) -> dict[str, np.ndarray] | None:
    """E[V_t] / truth variance and E[(mean_t - mu0)^2] / truth variance for t = 0..G, or None."""
    if cfg.regime == "accumulate-subsample":
        return None
    shim = SimpleNamespace(
        sigma0=cfg.truth_sd,
        n_real=cfg.n_real,
        n_syn=cfg.n_syn,
        real_source=cfg.real_source,
        regime=cfg.regime,
        sample_size=cfg.sample_size,
        ddof=0,
    )
    g = cfg.generations
    v, d2 = np.empty(g + 1), np.empty(g + 1)
    v[0], d2[0], de, pool_q = cfg.truth_variance, 0.0, 0.0, 0.0
    for t in range(g):
        _, d2[t + 1], de, pool_q = _step(shim, t, v[t], d2[t], de, pool_q)
        n = cfg.sample_size * (t + 1 if cfg.regime == "accumulate" else 1)
        v[t + 1] = pool_q / n + _h2(cfg, pool_q, n)
    s2 = cfg.truth_variance
    return {"variance_ratio": v / s2, "mean_drift_sq": d2 / s2}


def growth_factor(cfg: KDEConfig) -> float | None:
    """E[V_{t+1}] / E[V_t] under replace with no real data and a bandwidth rule.

    Examples:
        >>> from collapse_core import KDEConfig
        >>> from collapse_core.kde.theory import growth_factor
        >>> growth_factor(KDEConfig(bandwidth_rule="fixed", bandwidth=0.3)) is None  # fixed h: no geometric growth
        True
    """
    if cfg.regime != "replace" or cfg.n_real or cfg.bandwidth_rule == "fixed":
        return None
    m = cfg.sample_size
    return (m - 1) / m + bandwidth_factor(cfg.bandwidth_rule, m) ** 2


def stationary_variance_ratio(cfg: KDEConfig) -> float | None:
    """Replace, no real data, fixed h: E[V_t] -> M h^2 (divided by the truth's variance)."""
    if cfg.regime != "replace" or cfg.n_real or cfg.bandwidth_rule != "fixed":
        return None
    return cfg.sample_size * cfg.bandwidth**2 / cfg.truth_variance


def theory(cfg: KDEConfig) -> dict:
    out: dict = {}
    em = expected_moments(cfg)
    if em is not None:
        out["expected_variance_ratio"] = em["variance_ratio"].tolist()
        out["expected_mean_drift_sq"] = em["mean_drift_sq"].tolist()
    for name, fn in (
        ("growth_factor", growth_factor),
        ("stationary_variance_ratio", stationary_variance_ratio),
    ):
        val = fn(cfg)
        if val is not None:
            out[name] = val
    return out
