"""Closed forms for the multivariate chain, drawn as overlays and used as test oracles.

Work in whitened coordinates (truth N(0, I); see truth.py). Every diagonal entry of the fitted
covariance A_t follows, in expectation, the one-dimensional recursion of
collapse_core.gaussian.theory.expected_moments with sigma0 = 1 (the pooled scatter's
expectation is linear in the previous generation's moments, with the same coefficients in
every coordinate), and off-diagonal expectations stay 0. Hence, for replace and accumulate
with any real fraction and either source:

    E[S_t] = v_t S0,  so  E[tr S_t] / tr S0 = v_t,  and  E[m_t^T S0^-1 m_t] = d * D_t,

with (v_t, D_t) the 1-D expected variance ratio and squared mean drift. Under replace without
real data v_t = ((M - 1)/k)^t (k = M for mle, M - 1 for unbiased); under accumulate without
real data its limit is the 1-D accumulate limit.

Log-determinant, replace without real data: det A_{t+1} = det A_t det(W)/k^d with W ~
Wishart(M - 1, I) independent of the past, and log det W = sum_{i=1}^d log chi2(M - i)
(Bartlett), so log det S_t - log det S0 is a sum of t iid terms with mean
sum_i [psi((M - i)/2) + log 2] - d log k and variance sum_i psi'((M - i)/2). That gives
E KL(fitted || truth) = (d v_t + d D_t - d - E log det ratio) / 2 exactly.

Extreme eigenvalues, replace without real data: A_t is a product of Gaussian matrices, whose
Lyapunov exponents are known (Newman 1986): (1/t) log lambda_i(S0^-1 S_t) tends to
psi((M - i)/2) + log 2 - log k, i = 1 (largest) to d (smallest). These are asymptotic rates,
not finite-t expectations.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from collapse_core.gaussian.config import GaussianConfig
from collapse_core.gaussian.theory import accumulate_limit, stationary_variance_ratio
from collapse_core.gaussian.theory import expected_moments as expected_moments_1d
from collapse_core.multivariate.config import MultivariateConfig


def one_dimensional(cfg: MultivariateConfig) -> GaussianConfig:
    """The 1-D chain whose expected moments each coordinate follows (whitened)."""
    return GaussianConfig(
        sample_size=cfg.sample_size,
        generations=cfg.generations,
        replicates=1,
        regime=cfg.regime,
        real_fraction=cfg.real_fraction,
        real_source=cfg.real_source,
        estimator=cfg.estimator,
    )


def _pure_replace(cfg: MultivariateConfig) -> bool:
    return cfg.regime == "replace" and cfg.n_real == 0


def logdet_step(cfg: MultivariateConfig) -> tuple[float, float]:
    """Mean and variance of one generation's change of log det, replace without real data.

    Examples:
        >>> from collapse_core import MultivariateConfig
        >>> from collapse_core.multivariate.theory import logdet_step
        >>> mean, var = logdet_step(MultivariateConfig(dimension=2, sample_size=100))
        >>> bool(mean < 0 < var)  # log det shrinks on average every generation
        True
    """
    i = np.arange(1, cfg.dimension + 1)
    h = (cfg.sample_size - i) / 2.0
    k = cfg.sample_size - cfg.ddof
    mean = float(np.sum(special.digamma(h) + math.log(2.0)) - cfg.dimension * math.log(k))
    var = float(np.sum(special.polygamma(1, h)))
    return mean, var


def lyapunov_rates(cfg: MultivariateConfig) -> np.ndarray:
    """lim (1/t) log lambda_i(S0^-1 S_t), largest first, replace without real data."""
    i = np.arange(1, cfg.dimension + 1)
    k = cfg.sample_size - cfg.ddof
    return special.digamma((cfg.sample_size - i) / 2.0) + math.log(2.0) - math.log(k)


def expected_moments(cfg: MultivariateConfig) -> dict[str, np.ndarray] | None:
    """E[tr S_t]/tr S0 and E[m_t^T S0^-1 m_t] for t = 0..G, or None (accumulate-subsample)."""
    if cfg.correction:
        return None
    em = expected_moments_1d(one_dimensional(cfg))
    if em is None:
        return None
    return {"trace_ratio": em["variance_ratio"], "mean_drift_sq": cfg.dimension * em["mean_drift_sq"]}


def theory(cfg: MultivariateConfig) -> dict:
    """Every closed form that applies to cfg, as plain lists and floats (JSON-ready)."""
    out: dict = {}
    if cfg.correction:  # the corrected chain couples the coordinates: no closed form here
        return out
    em = expected_moments(cfg)
    if em is not None:
        out["expected_trace_ratio"] = em["trace_ratio"].tolist()
        out["expected_mean_drift_sq"] = em["mean_drift_sq"].tolist()
    if _pure_replace(cfg):
        mean, var = logdet_step(cfg)
        t = np.arange(cfg.generations + 1, dtype=float)
        ld, sd = t * mean, np.sqrt(t * var)
        out["expected_logdet_ratio"] = ld.tolist()
        out["sd_logdet_ratio"] = sd.tolist()
        d = cfg.dimension
        out["expected_kl_divergence"] = (
            0.5 * (d * em["trace_ratio"] + em["mean_drift_sq"] - d - ld)
        ).tolist()
        rates = lyapunov_rates(cfg)
        out["log_eig_max_rate"] = float(rates[0])
        out["log_eig_min_rate"] = float(rates[-1])
        # The eigenvalue ratios those rates imply, exp(rate * t), per generation (the page's curves).
        gens = np.arange(cfg.generations + 1)
        out["asymptotic_eig_max_ratio"] = np.exp(out["log_eig_max_rate"] * gens).tolist()
        out["asymptotic_eig_min_ratio"] = np.exp(out["log_eig_min_rate"] * gens).tolist()
    if cfg.regime == "accumulate" and cfg.n_real == 0:
        out["accumulate_limit_trace_ratio"] = accumulate_limit(one_dimensional(cfg))
    if cfg.regime == "replace" and cfg.n_real and cfg.real_source == "fresh":
        out["stationary_trace_ratio"] = stationary_variance_ratio(one_dimensional(cfg))
    return out
