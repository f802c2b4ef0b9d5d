"""Closed forms for the Gaussian chain, drawn as overlays and used as test oracles.

expected_moments: E[sigma_t^2] and E[(mu_t - mu0)^2] for every generation, exact for replace
and accumulate with any real fraction and either real-data source. The training set is a
union of groups (pool, real part, synthetic part) whose means, relative to mu0, have known
second moments; the pooled sum of squares is sum(Q_g) + sum(n_g a_g^2) - (sum n_g a_g)^2/N,
whose expectation is linear in the previous generation's moments. So the recursion below is
exact, not an approximation.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from scipy import special

from collapse_core.gaussian import correction, verification, weighting
from collapse_core.gaussian.config import GaussianConfig


def _step(cfg: GaussianConfig, t: int, v: float, d2: float, de: float, pool_q: float):
    """Moments of generation t + 1 from those of generation t (all expectations).

    v = E[sigma_t^2], d2 = E[D_t^2] with D_t = mu_t - mu0, de = E[D_t e] where e is the
    fixed real sample's mean minus mu0, pool_q = E[pooled sum of squares] (accumulate).
    Returns (v, d2, de, pool_q) of generation t + 1.
    """
    s2, n_r, n_s = cfg.sigma0**2, cfg.n_real, cfg.n_syn
    fixed = cfg.real_source == "fixed"
    # Groups of the training set: (name, size, E[within-group sum of squares]).
    groups = []
    if cfg.regime == "accumulate" and t > 0:
        groups.append(("pool", t * cfg.sample_size, pool_q))
    if n_r:
        groups.append(("real", n_r, (n_r - 1) * s2))
    if n_s:
        groups.append(("syn", n_s, (n_s - 1) * v))
    # E[a_g a_h] for group means a relative to mu0: the pool's mean is D_t, the synthetic
    # mean is D_t plus noise of variance v/n_s, the real mean is e (fixed) or fresh noise.
    cross_real = de if fixed else 0.0
    second = {
        frozenset(["pool"]): d2,
        frozenset(["syn"]): d2 + v / max(n_s, 1),
        frozenset(["real"]): s2 / max(n_r, 1),
        frozenset(["pool", "syn"]): d2,
        frozenset(["pool", "real"]): cross_real,
        frozenset(["real", "syn"]): cross_real,
    }
    names = [g[0] for g in groups]
    n = np.array([g[1] for g in groups], dtype=float)
    c = np.array([[second[frozenset([a, b])] for b in names] for a in names])
    total = n.sum()
    # Pooled sum of squares = sum(Q_g) + sum(n_g a_g^2) - (sum n_g a_g)^2 / N. The between-group
    # part is summed over pairs, (1/N) sum_{g<h} n_g n_h E[(a_g - a_h)^2]: the two-term form
    # cancels numbers of the size of the drift and floored expected variances near 1e-16.
    k = len(n)
    between = sum(
        n[i] * n[j] * (c[i, i] + c[j, j] - 2.0 * c[i, j]) for i in range(k) for j in range(i + 1, k)
    )
    q = sum(g[2] for g in groups) + float(between) / total
    d2_next = float(n @ c @ n) / total**2
    de_next = 0.0
    if fixed:
        # E[a_g e]: the fixed real group is e itself; pool and synthetic means carry E[D_t e].
        with_e = {"pool": de, "real": s2 / max(n_r, 1), "syn": de}
        de_next = float(sum(k * with_e[g] for k, g in zip(n, names, strict=True))) / total
    return q / (total - cfg.ddof), d2_next, de_next, q


def _unit(cfg: GaussianConfig) -> GaussianConfig:
    """The same chain in units of the truth (mu0 = 0, sigma0 = 1): the recursion is linear in
    the second moments, so the ratios do not depend on the scale, and sigma0**2 can neither
    underflow (sigma0 = 1e-200) nor lose precision (1e-160, subnormal) on the way."""
    return dataclasses.replace(cfg, mu0=0.0, sigma0=1.0)


def expected_moments(cfg: GaussianConfig) -> dict[str, np.ndarray] | None:
    """E[sigma_t^2]/sigma0^2 and E[(mu_t - mu0)^2]/sigma0^2 for t = 0..G, or None (subsample).

    Examples:
        >>> from collapse_core import GaussianConfig
        >>> from collapse_core.gaussian.theory import expected_moments
        >>> m = expected_moments(GaussianConfig(sample_size=10, generations=3, estimator="unbiased"))
        >>> [round(float(v), 12) for v in m["variance_ratio"]]  # unbiased: the mean stays put
        [1.0, 1.0, 1.0, 1.0]
    """
    if cfg.regime == "accumulate-subsample" or cfg.verifier_width:
        return None
    if cfg.correction:
        return correction.expected_moments(cfg) if correction.covered(cfg) else None
    w = weighting.real_weight(cfg)
    if w is not None:
        return weighting.expected_moments(cfg, w)
    cfg = _unit(cfg)
    g = cfg.generations
    v, d2, de, pool_q = np.empty(g + 1), np.empty(g + 1), 0.0, 0.0
    v[0], d2[0] = cfg.sigma0**2, 0.0
    for t in range(g):
        v[t + 1], d2[t + 1], de, pool_q = _step(cfg, t, v[t], d2[t], de, pool_q)
    s2 = cfg.sigma0**2
    return {"variance_ratio": v / s2, "mean_drift_sq": d2 / s2}


def log_chi2_cumulants(df: int) -> tuple[float, float, float]:
    """Mean, variance and third cumulant of log(chi2_df): psi(df/2) + log 2, psi1, psi2."""
    h = df / 2.0
    return (
        float(special.digamma(h) + math.log(2.0)),
        float(special.polygamma(1, h)),
        float(special.polygamma(2, h)),
    )


def typical_variance_ratio(cfg: GaussianConfig) -> dict[str, np.ndarray] | None:
    """Replace with no real data: sigma_t^2/sigma0^2 is a product of t iid chi2_{M-1}/k.

    Returns exp(E[log ratio]) (the geometric mean, exact) and the median (exact at t = 0,
    Edgeworth approximation for t >= 1: the median of a sum of t iid terms lies
    kappa3 / (6 kappa2) below its mean, an error of order 1/t). None where it does not apply.
    """
    if cfg.regime != "replace" or cfg.n_real or cfg.correction or cfg.verifier_width:
        return None
    k = cfg.sample_size - cfg.ddof
    mu1, k2, k3 = log_chi2_cumulants(cfg.sample_size - 1)
    step = mu1 - math.log(k)
    t = np.arange(cfg.generations + 1, dtype=float)
    log_geo = t * step
    log_med = log_geo - np.where(t > 0, k3 / (6.0 * k2), 0.0)
    return {"geometric_mean": np.exp(log_geo), "median": np.exp(log_med), "log_mean": log_geo}


def accumulate_limit(cfg: GaussianConfig) -> float | None:
    """lim E[sigma_t^2]/sigma0^2 under accumulate with no real data (closed form).

    E[v_{t+1}]/E[v_t] = 1 - 1/((t+1)((t+1)M - d)), so the limit is E[v_1] times
    prod_{j>=2} (j - a)(j - b)/(j (j - d/M)) with a, b the roots of M j^2 - d j - 1; since
    a + b = d/M the product is Gamma(2) Gamma(2 - d/M) / (Gamma(2 - a) Gamma(2 - b)).
    For the MLE (d = 0) this is sin(pi/sqrt(M)) / (pi/sqrt(M)).

    Examples:
        >>> import math
        >>> from collapse_core import GaussianConfig
        >>> from collapse_core.gaussian.theory import accumulate_limit
        >>> lim = accumulate_limit(GaussianConfig(sample_size=100, regime="accumulate"))
        >>> x = math.pi / math.sqrt(100)
        >>> round(lim, 10) == round(math.sin(x) / x, 10)
        True
    """
    if cfg.regime != "accumulate" or cfg.n_real or cfg.correction or cfg.verifier_width:
        return None
    big_m, d = cfg.sample_size, cfg.ddof
    disc = math.sqrt(d * d + 4.0 * big_m)
    a, b = (d + disc) / (2 * big_m), (d - disc) / (2 * big_m)
    log_prod = special.gammaln(2 - d / big_m) - special.gammaln(2 - a) - special.gammaln(2 - b)
    return (big_m - 1) / (big_m - d) * math.exp(log_prod)


def stationary_variance_ratio(cfg: GaussianConfig) -> float | None:
    """Replace with fresh real data (r > 0): the fixed point of the exact moment recursion."""
    if cfg.verifier_width:
        return None
    if cfg.correction:
        return correction.stationary(cfg)[0] if correction.covered(cfg) else None
    if cfg.regime != "replace" or not cfg.n_real or cfg.real_source != "fresh":
        return None
    w = weighting.real_weight(cfg)
    if w is not None:
        return weighting.stationary(cfg, w)[0]
    cfg = _unit(cfg)

    # The step is affine in (v, d2): read A and b off it, then solve (I - A) x = b.
    def f(x):
        v, d2, _, _ = _step(cfg, 1, x[0], x[1], 0.0, 0.0)
        return np.array([v, d2])

    b = f(np.zeros(2))
    a = np.column_stack([f(np.eye(2)[i]) - b for i in range(2)])
    x = np.linalg.solve(np.eye(2) - a, b)
    return float(x[0] / cfg.sigma0**2)


def theory(cfg: GaussianConfig) -> dict:
    """Every closed form that applies to cfg, as plain lists and floats (JSON-ready)."""
    out: dict = {}
    em = expected_moments(cfg)
    if em is not None:
        out["expected_variance_ratio"] = em["variance_ratio"].tolist()
        out["expected_mean_drift_sq"] = em["mean_drift_sq"].tolist()
        out["rms_mean_drift"] = (em["mean_drift_sq"] ** 0.5).tolist()  # in true SDs, the drift chart's unit
    # The expected moments need only the truth's mean and variance, so they hold for a data
    # set as the truth too; the median path assumes Gaussian points and is not drawn for data.
    typ = None if cfg.data else typical_variance_ratio(cfg)
    if typ is not None:
        out["median_variance_ratio"] = typ["median"].tolist()
        out["geometric_mean_variance_ratio"] = typ["geometric_mean"].tolist()
    for name, fn in (
        ("accumulate_limit", accumulate_limit),
        ("stationary_variance_ratio", stationary_variance_ratio),
    ):
        val = fn(cfg)
        if val is not None:
            out[name] = val
    if cfg.verifier_width:
        if verification.covered(cfg):
            path = verification.large_sample_path(cfg)
            out["verified_large_sample_variance_ratio"] = path["variance_ratio"].tolist()
            out["verified_large_sample_mean_drift"] = path["mean_drift"].tolist()
        return out
    if cfg.correction and correction.covered(cfg):
        out["correction_stationary_drift_sq"] = correction.stationary(cfg)[1]
    w = weighting.real_weight(cfg)
    if w is not None and not cfg.correction:
        out["real_weight"] = w
        out["optimal_real_weight"] = weighting.optimal_real_weight(cfg.n_real, cfg.n_syn)
        out["stationary_mean_error"] = weighting.stationary(cfg, w)[1]
    return out
