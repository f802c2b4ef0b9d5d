"""The mixture chain on a stored data set (one column): the truth is the data, resampled.

The chain works in the data's own scale, standardised so the family's distances keep their
meaning: x -> (x - mean) / unit, where `unit` is the average component standard deviation
(sqrt of sum w_k var_k) of the K-component mixture EM fits to all of the data. Generation 0
is that reference fit (the best K components can do); truth modes are its means; every
measurement of the whole distribution (moments, tail share) is of the data itself.
"""

from __future__ import annotations

import functools

import numpy as np

from collapse_core.mixture import em
from collapse_core.mixture import truth as built_in
from collapse_core.mixture.truth import Mixture
from collapse_core.userdata.truth import EmpiricalTruth, stored

REFERENCE_TOL = 1e-8
REFERENCE_MAX_ITER = 1000


@functools.lru_cache(maxsize=32)
def scaled(h: str, k: int, floor: float) -> tuple[EmpiricalTruth, Mixture, float, float]:
    """(the standardised data as a truth, its reference K-mixture, mean, unit) of data set `h`.
    Cached: a stored set never changes (its name is its content's hash), nor does EM given it."""
    x = stored(h).values
    if x.ndim != 1:
        raise ValueError("the 1-D mixture takes one column of data")
    mean, sd = float(x.mean()), float(x.std())
    y = (x - mean) / sd
    init = Mixture(
        np.full((1, k), 1.0 / k),
        np.quantile(y, (np.arange(k) + 0.5) / k)[None, :, None],
        np.full((1, k, 1, 1), 1.0 / k**2),
    )
    fit, _, _ = em.fit(y[None, :, None], init, tol=REFERENCE_TOL, max_iter=REFERENCE_MAX_ITER, floor=floor)
    u = float(np.sqrt((fit.weights * fit.covariances[..., 0, 0]).sum()))
    ref = Mixture(fit.weights, fit.means / u, fit.covariances / u**2)
    return EmpiricalTruth(y / u), ref, mean, sd * u


def data_truth(cfg) -> EmpiricalTruth:
    """The standardised data, resampled with replacement."""
    return scaled(cfg.data, cfg.components, cfg.variance_floor)[0]


def reference(cfg) -> Mixture:
    return scaled(cfg.data, cfg.components, cfg.variance_floor)[1]


def unit(cfg) -> float:
    """One chain unit in the data's own units."""
    return scaled(cfg.data, cfg.components, cfg.variance_floor)[3]


def truth_mixture(cfg) -> Mixture:
    """Generation 0: the built-in truth, or with data the K-mixture EM fits to all of it."""
    return reference(cfg) if cfg.data else built_in.truth(cfg)


def truth_means(cfg) -> np.ndarray:
    """(K, D) truth modes: the built-in truth's means, or the reference fit's."""
    return reference(cfg).means[0] if cfg.data else built_in.truth_means(cfg)


def outer_region(cfg):
    """The truth's outer 3-sigma region; with data, the reference fit's outer 3-unit one."""
    if not cfg.data:
        return built_in.outer_radius(cfg)
    mu = reference(cfg).means[0, :, 0]
    return float(mu.min() - 3.0), float(mu.max() + 3.0)


def summary(cfg) -> dict:
    """The data's own mean, variance (divided by n) and share outside the outer region (NaN
    where no value lies outside: a fitted tail there has nothing of the data's to compare)."""
    v = data_truth(cfg).values
    lo, hi = outer_region(cfg)
    share = float(np.mean((v < lo) | (v > hi)))
    return {
        "mean": np.array([v.mean()]),
        "cov": np.array([[v.var()]]),
        "tail_mass": share if share > 0 else float("nan"),
    }
