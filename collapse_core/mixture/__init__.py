"""The Gaussian-mixture family: K modes refitted by batched EM (collapse_core.mixture.em)."""

from collapse_core.mixture.config import MixtureConfig
from collapse_core.mixture.engine import choose_engine, simulate_mixture
from collapse_core.mixture.metrics import METRICS
from collapse_core.mixture.theory import theory

__all__ = ["METRICS", "MixtureConfig", "choose_engine", "simulate_mixture", "theory"]
