"""Closed forms for the regression chain (isotropic Gaussian design, no real data).

Write e_t = w_t - w*, A_k = X_k^T X_k for generation k's design and S_n = A_1 + ... + A_n.

replace: w_{t+1} = (X^T X)^-1 X^T (X w_t + eps) = w_t + A^-1 X^T eps, so e_{t+1} = e_t + u with
    E||u||^2 = sigma^2 E tr(A^-1) = sigma^2 d / (T - d - 1) (the mean of an inverse Wishart,
    A ~ W_d(I, T)), independent of e_t. Hence E||e_n||^2 = n sigma^2 d / (T - d - 1): the
    test error grows linearly (Dohmatob, Feng & Kempe 2024).
accumulate: w_n is the fit on every row so far, S_n w_n = sum_k X_k^T (X_k w_{k-1} + eps_k).
    Subtracting the same identity for n - 1 gives S_n e_n = S_n e_{n-1} + X_n^T eps_n, i.e.
    e_n = e_{n-1} + S_n^-1 X_n^T eps_n, with E||S_n^-1 X_n^T eps_n||^2 = sigma^2 E tr(S_n^-2 A_n)
    = (sigma^2 / n) E tr(S_n^-1) (the n batches are exchangeable) = sigma^2 d / (n (nT - d - 1))
    (S_n ~ W_d(I, nT)). So E||e_n||^2 = sigma^2 d sum_{k<=n} 1 / (k (kT - d - 1)), bounded:
    the limit is sigma^2 d / (d + 1) (psi(1) - psi(1 - (d + 1)/T)). Gerstgrasser et al.'s
    fixed-design form sigma^2 d/(T - d - 1) sum 1/k^2 (-> pi^2/6) bounds it from above, since
    k(kT - d - 1) >= k^2 (T - d - 1).
real data only (r = 1, fresh): every generation is a fresh fit, sigma^2 d / (T - d - 1).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from scipy import special

from collapse_core.regression import groups
from collapse_core.regression.config import RegressionConfig


def one_fit(cfg: RegressionConfig) -> float:
    """E||w_1 - w*||^2 = sigma^2 d / (T - d - 1)."""
    return cfg.noise**2 * cfg.dimension / (cfg.sample_size - cfg.dimension - 1)


def expected_excess_risk(cfg: RegressionConfig) -> np.ndarray | None:
    """E||w_t - w*||^2 for t = 0..G where a closed form applies, else None.

    Examples:
        >>> from collapse_core import RegressionConfig
        >>> from collapse_core.regression.theory import expected_excess_risk
        >>> risk = expected_excess_risk(RegressionConfig(dimension=10, sample_size=100, generations=3))
        >>> [round(float(v), 6) for v in risk]  # n sigma^2 d / (T - d - 1)
        [0.0, 0.11236, 0.224719, 0.337079]
    """
    t = np.arange(cfg.generations + 1, dtype=float)
    if cfg.n_real == cfg.sample_size and cfg.real_source == "fresh" and cfg.regime == "replace":
        return np.where(t > 0, one_fit(cfg), 0.0)
    if cfg.n_real:
        return None
    if cfg.regime == "replace":
        return t * one_fit(cfg)
    if cfg.regime == "accumulate":
        d, big_t = cfg.dimension, cfg.sample_size
        k = t[1:]
        terms = cfg.noise**2 * d / (k * (k * big_t - d - 1))
        return np.concatenate([[0.0], np.cumsum(terms)])
    return None


def gerstgrasser_bound(cfg: RegressionConfig) -> np.ndarray | None:
    """sigma^2 d/(T - d - 1) sum_{k<=t} 1/k^2: the fixed-design form, an upper bound here."""
    if cfg.regime != "accumulate" or cfg.n_real:
        return None
    k = np.arange(1, cfg.generations + 1, dtype=float)
    return np.concatenate([[0.0], one_fit(cfg) * np.cumsum(1.0 / k**2)])


def accumulate_limit(cfg: RegressionConfig) -> float | None:
    """lim E||w_t - w*||^2 under accumulate with no real data."""
    if cfg.regime != "accumulate" or cfg.n_real:
        return None
    d, big_t = cfg.dimension, cfg.sample_size
    a = (d + 1) / big_t
    return float(cfg.noise**2 * d / (d + 1) * (special.digamma(1.0) - special.digamma(1.0 - a)))


def theory(cfg: RegressionConfig) -> dict:
    if groups.active(cfg):
        # Two groups: generation 1's pooled fit carries the groups' bias and a noise that depends
        # on x, so the one-population curves above do not apply; the gap between the groups'
        # expected errors is exact (collapse_core/regression/groups.py).
        if cfg.n_real or cfg.regime != "replace":
            return {}
        return {"expected_minority_error_gap": (1 - 2 * cfg.minority_share) * cfg.group_gap**2}
    out: dict = {}
    ex = expected_excess_risk(cfg)
    if ex is not None:
        out["expected_excess_risk"] = ex.tolist()
        out["expected_test_error"] = (ex + cfg.noise**2).tolist()
    gb = gerstgrasser_bound(cfg)
    if gb is not None:
        out["gerstgrasser_fixed_design_excess_risk"] = gb.tolist()
        out["gerstgrasser_limit"] = one_fit(cfg) * math.pi**2 / 6
    lim = accumulate_limit(cfg)
    if lim is not None:
        out["accumulate_limit_excess_risk"] = lim
    if not cfg.n_real and cfg.regime in ("replace", "accumulate"):
        # The other of the two regimes at the same settings: the page draws both.
        other = dataclasses.replace(cfg, regime="accumulate" if cfg.regime == "replace" else "replace")
        out["other_regime_test_error"] = (expected_excess_risk(other) + cfg.noise**2).tolist()
    return out
