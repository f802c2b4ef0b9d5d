"""The one-dimensional Gaussian family."""

from collapse_core.gaussian.config import ESTIMATORS, GaussianConfig
from collapse_core.gaussian.engine import choose_engine, simulate_gaussian
from collapse_core.gaussian.metrics import METRICS
from collapse_core.gaussian.theory import (
    accumulate_limit,
    expected_moments,
    stationary_variance_ratio,
    theory,
    typical_variance_ratio,
)

__all__ = [
    "ESTIMATORS",
    "METRICS",
    "GaussianConfig",
    "accumulate_limit",
    "choose_engine",
    "expected_moments",
    "simulate_gaussian",
    "stationary_variance_ratio",
    "theory",
    "typical_variance_ratio",
]
