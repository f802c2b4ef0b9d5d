"""The multivariate Gaussian family: d = 2..50, full covariance."""

from collapse_core.multivariate.config import ESTIMATORS, MultivariateConfig
from collapse_core.multivariate.engine import choose_engine, simulate_arrays
from collapse_core.multivariate.metrics import METRICS
from collapse_core.multivariate.theory import expected_moments, logdet_step, lyapunov_rates, theory

__all__ = [
    "ESTIMATORS",
    "METRICS",
    "MultivariateConfig",
    "choose_engine",
    "expected_moments",
    "logdet_step",
    "lyapunov_rates",
    "simulate_arrays",
    "theory",
]
