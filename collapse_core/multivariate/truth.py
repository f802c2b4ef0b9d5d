"""The truth N(0, S0): S0 = Q diag(lambda) Q^T, with a log-even spectrum and Givens rotations.

Engines run in whitened coordinates (truth N(0, I)); since fitting a mean and a covariance is
affine-equivariant, the chain in the truth's coordinates is L0 times the whitened chain
(S0 = L0 L0^T), exactly, real data included. Metrics map back with L0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


def spectrum(d: int, kappa: float) -> np.ndarray:
    """Eigenvalues from sqrt(kappa) down to 1/sqrt(kappa), evenly spaced in log (product 1)."""
    return np.exp(np.linspace(0.5, -0.5, d) * math.log(kappa))


def rotation_matrix(d: int, degrees: float) -> np.ndarray:
    """Product of Givens rotations by `degrees` in the planes (0,1), (1,2), ..., (d-2,d-1)."""
    q = np.eye(d)
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    for i in range(d - 1):
        g = np.eye(d)
        g[i, i], g[i, i + 1], g[i + 1, i], g[i + 1, i + 1] = c, -s, s, c
        q = g @ q
    return q


@dataclass(frozen=True, eq=False)
class Truth:
    """S0 and the factors the metrics need. l0: Cholesky factor (S0 = l0 l0^T); b = l0^T l0."""

    cov: np.ndarray
    l0: np.ndarray
    b: np.ndarray
    trace: float
    isotropic: bool


@lru_cache(maxsize=32)
def _truth(d: int, kappa: float, degrees: float) -> Truth:
    lam = spectrum(d, kappa)
    q = rotation_matrix(d, degrees)
    cov = (q * lam) @ q.T
    cov = 0.5 * (cov + cov.T)
    l0 = np.linalg.cholesky(cov)
    for a in (cov, l0):
        a.setflags(write=False)
    b = l0.T @ l0
    b.setflags(write=False)
    return Truth(cov=cov, l0=l0, b=b, trace=float(np.trace(cov)), isotropic=kappa == 1.0)


def truth(cfg) -> Truth:
    return _truth(cfg.dimension, float(cfg.condition_number), float(cfg.rotation))
