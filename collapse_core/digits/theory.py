"""Closed forms for the digits chain, where they exist (labelled as theory).

Class balance (refitted prior, replace, no real data): the class counts of each training set
are Multinomial(M, pi_t) and pi_{t+1} = counts / M: Wright-Fisher drift of ten alleles, so
E[1 - sum pi_t^2] = H_0 (1 - 1/M)^t, H_0 = 1 - sum p0^2 of the real class proportions
(generation 1 too: its M images are drawn from the truth with replacement).

Within-class variance (fixed prior, replace, no real data, every class at least one image):
each class's covariance is the maximum likelihood estimate from n_c = its quota of M images
drawn from the previous model, so E[Sigma_{t+1} | Sigma_t] = (1 - 1/n_c) Sigma_t (for the
truth too: any distribution's divided-by-n covariance has that expectation), and
E[sum_c p0_c tr Sigma_c,t] = sum_c p0_c (1 - 1/n_c)^t tr Sigma_c,0.
"""

from __future__ import annotations

import numpy as np

from collapse_core.digits.config import DigitsConfig
from collapse_core.digits.data import real_digits, space
from collapse_core.digits.engine import quotas


def expected_class_heterozygosity(cfg: DigitsConfig) -> np.ndarray | None:
    p0 = real_digits().prior
    h0 = 1.0 - float(p0 @ p0)
    t = np.arange(cfg.generations + 1)
    if cfg.class_prior == "fixed":
        return np.full(t.size, h0)
    if cfg.regime == "replace" and cfg.n_real == 0:
        return h0 * (1.0 - 1.0 / cfg.sample_size) ** t
    return None


def expected_within_class_variance(cfg: DigitsConfig) -> np.ndarray | None:
    if not (cfg.class_prior == "fixed" and cfg.regime == "replace" and cfg.n_real == 0):
        return None
    p0 = real_digits().prior
    n = quotas(cfg.sample_size, p0)
    if n.min() < 1:
        return None
    tr0 = np.trace(space(cfg.components).class_cov, axis1=1, axis2=2)
    t = np.arange(cfg.generations + 1)
    return (p0 * tr0 * (1.0 - 1.0 / n) ** t[:, None]).sum(axis=1)


def theory(cfg: DigitsConfig) -> dict:
    out: dict = {}
    h = expected_class_heterozygosity(cfg)
    if h is not None:
        out["expected_class_heterozygosity"] = h.tolist()
    v = expected_within_class_variance(cfg)
    if v is not None:
        out["expected_within_class_variance"] = v.tolist()
    return out
