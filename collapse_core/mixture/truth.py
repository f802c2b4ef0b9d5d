"""The true mixture: K unit-(co)variance Gaussians, neighbours `separation` apart, equally
weighted unless a minority is chosen (collapse_core/mixture/minority.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from collapse_core.mixture import minority
from collapse_core.mixture.config import MixtureConfig


@dataclass(frozen=True)
class Mixture:
    """Parameters of one mixture per row: weights (R, K), means (R, K, D), covariances (R, K, D, D)."""

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray

    @property
    def dimension(self) -> int:
        return self.means.shape[-1]

    def rows(self, n: int) -> Mixture:
        """The same single mixture repeated for n rows (copies, safe to modify)."""
        return Mixture(
            np.repeat(self.weights[:1], n, 0),
            np.repeat(self.means[:1], n, 0),
            np.repeat(self.covariances[:1], n, 0),
        )


def truth_means(cfg: MixtureConfig) -> np.ndarray:
    """(K, D) truth means (see MixtureConfig.separation)."""
    k, sep = cfg.components, float(cfg.separation)
    idx = np.arange(k, dtype=float)
    if cfg.dimension == 1:
        return (sep * (idx - (k - 1) / 2.0))[:, None]
    radius = sep / (2.0 * math.sin(math.pi / k))
    angle = 2.0 * math.pi * idx / k
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)


def truth(cfg: MixtureConfig) -> Mixture:
    """The truth as a one-row Mixture."""
    k, d = cfg.components, cfg.dimension
    weights = minority.truth_weights(cfg)[None] if minority.active(cfg) else np.full((1, k), 1.0 / k)
    return Mixture(weights, truth_means(cfg)[None], np.broadcast_to(np.eye(d), (1, k, d, d)).copy())


def outer_radius(cfg: MixtureConfig) -> tuple[float, float] | float:
    """The truth's outer 3-sigma region: 1-D the interval [min mean - 3, max mean + 3];
    2-D the disc about the origin of radius (circle radius + 3)."""
    mu = truth_means(cfg)
    if cfg.dimension == 1:
        return float(mu.min() - 3.0), float(mu.max() + 3.0)
    return float(np.hypot(mu[0, 0], mu[0, 1]) + 3.0)
