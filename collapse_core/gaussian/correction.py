"""Self-correction of the synthetic points toward the truth (Gillman et al., ICML 2024).

Before a generation trains on them, each synthetic point x, drawn from the current model
N(mu_t, sigma_t^2), is moved a share gamma of the way to T(x), the correction map: here the
map that carries the model onto the truth, T(x) = mu0 + sigma0 (x - mu_t) / sigma_t. So

    x' = x + gamma (T(x) - x) = a + b x,   b = (1 - gamma) + gamma sigma0 / sigma_t,
                                           a = gamma (mu0 - mu_t sigma0 / sigma_t),

an affine map: a group of points keeps its sufficient statistics in closed form (mean a + b m,
sum of squares b^2 Q), so both engines correct without touching the points. gamma = 0 is no
correction; gamma = 1 turns every synthetic point into a draw from the truth.

Replace with no real data (units of the truth): with c1 = E[sqrt(chi2_{M-1}/k)] and
c2 = (M - 1)/k (k = M - ddof), the fitted sd s, variance v and squared drift d2 obey the exact
linear recursion

    E s'  = c1 ((1 - gamma) E s + gamma)
    E v'  = c2 ((1 - gamma)^2 E v + 2 gamma (1 - gamma) E s + gamma^2)
    E d2' = (1 - gamma)^2 E d2 + ((1 - gamma)^2 E v + 2 gamma (1 - gamma) E s + gamma^2) / M

whose fixed point is the stationary variance the corrected chain settles at.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

_TINY = np.finfo(float).tiny


def affine(mean, var, mu0: float, sigma0: float, gamma: float):
    """(a, b) of the corrected map x' = a + b x for models (mean, var) per replicate."""
    ratio = sigma0 / np.sqrt(np.maximum(var, _TINY))
    return gamma * (mu0 - mean * ratio), (1.0 - gamma) + gamma * ratio


def correct_group(group, mean, var, mu0: float, sigma0: float, gamma: float):
    """The Group of the corrected points, from a Group drawn from the models (mean, var)."""
    a, b = affine(mean, var, mu0, sigma0, gamma)
    return type(group)(group.n, a + b * group.mean, b * b * group.q)


def _c1(m_size: int, k: int) -> float:
    """E[sqrt(chi2_{M-1} / k)] = sqrt(2 / k) Gamma(M/2) / Gamma((M-1)/2)."""
    return math.sqrt(2.0 / k) * math.exp(special.gammaln(m_size / 2.0) - special.gammaln((m_size - 1) / 2.0))


def covered(cfg) -> bool:
    """Where the closed forms below hold: replace, no real data, pooled fit."""
    return cfg.regime == "replace" and cfg.n_real == 0


def expected_moments(cfg) -> dict[str, np.ndarray]:
    """E[sigma_t^2]/sigma0^2, E[(mu_t - mu0)^2]/sigma0^2 and E[sigma_t]/sigma0, t = 0..G (exact)."""
    m_size, gamma = cfg.sample_size, cfg.correction
    k = m_size - cfg.ddof
    c1, c2, h = _c1(m_size, k), (m_size - 1) / k, 1.0 - cfg.correction
    g = cfg.generations
    s, v, d2 = np.empty(g + 1), np.empty(g + 1), np.empty(g + 1)
    s[0], v[0], d2[0] = 1.0, 1.0, 0.0
    for t in range(g):
        spread = h * h * v[t] + 2.0 * gamma * h * s[t] + gamma * gamma
        s[t + 1] = c1 * (h * s[t] + gamma)
        v[t + 1] = c2 * spread
        d2[t + 1] = h * h * d2[t] + spread / m_size
    return {"variance_ratio": v, "mean_drift_sq": d2, "sd_ratio": s}


def stationary(cfg) -> tuple[float, float]:
    """(variance ratio, squared drift / sigma0^2) at the fixed point (gamma > 0)."""
    m_size, gamma = cfg.sample_size, cfg.correction
    k = m_size - cfg.ddof
    c1, c2, h = _c1(m_size, k), (m_size - 1) / k, 1.0 - gamma
    s = c1 * gamma / (1.0 - c1 * h)
    v = c2 * (2.0 * gamma * h * s + gamma * gamma) / (1.0 - c2 * h * h)
    spread = h * h * v + 2.0 * gamma * h * s + gamma * gamma
    return v, spread / m_size / (1.0 - h * h)
