"""The Gaussian chain on a stored data set: the truth is the data, resampled with replacement.

The fitted model is what the family always fits (a Gaussian); the chain's reference (mu0,
sigma0) becomes the data's mean and standard deviation (divided by n: the empirical
distribution's own), so every ratio and distance is measured against the data's spread.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
from scipy import special

from collapse_core.userdata.truth import EmpiricalTruth, stored


def truth_of(h: str) -> EmpiricalTruth:
    """The empirical truth of the stored data set `h` (its first numeric column)."""
    return stored(h)


def bind(cfg):
    """(cfg with mu0, sigma0 of the data, the data's EmpiricalTruth)."""
    truth = truth_of(cfg.data)
    return dataclasses.replace(cfg, mu0=float(truth.mean), sigma0=float(np.sqrt(truth.variance))), truth


@functools.lru_cache(maxsize=32)
def reference(h: str) -> dict:
    """Constants of the data set `h` the metrics compare with (a stored set never changes:
    its name is its content's hash, so caching by it is safe).

    c = integral over u of Phi^-1(u) (Q(u) - mean), Q the data's quantile function: the
    cross term of the Wasserstein-2 distance between N(m, s^2) and the data."""
    x = np.sort(truth_of(h).values)
    n = x.size
    mean = float(x.mean())
    z = special.ndtri(np.arange(n + 1) / n)  # -inf ... +inf
    phi = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)  # 0 at both ends
    c = float(np.sum((x - mean) * (phi[:-1] - phi[1:])))
    return {"values": x, "mean": mean, "variance": float(x.var()), "c": c}


def wasserstein2(m, sd, cfg):
    """W2 between each fitted N(m, sd^2) and the data's empirical distribution (exact):
    W2^2 = (m - mean)^2 + sd^2 + var - 2 sd c."""
    ref = reference(cfg.data)
    w2sq = (m - ref["mean"]) ** 2 + sd * sd + ref["variance"] - 2.0 * sd * ref["c"]
    return np.sqrt(np.maximum(w2sq, 0.0))


def tail_share(cfg, k: float) -> float:
    """The data's own share beyond |x - mu0| > k sigma0; NaN when no value lies that far (a
    fitted model's tail there has nothing of the data's to be compared with)."""
    x = reference(cfg.data)["values"]
    share = float(np.mean(np.abs(x - cfg.mu0) > k * cfg.sigma0))
    return share if share > 0 else float("nan")
