"""The digits family: handwritten 8x8 digits regenerated from their own samples."""

from collapse_core.digits.config import CLASS_PRIORS, DigitsConfig
from collapse_core.digits.metrics import METRICS, frechet_distance, frechet_distance_samples
from collapse_core.digits.simulate import ENGINES, default_snapshot_generations, simulate_digits
from collapse_core.digits.theory import theory

__all__ = [
    "CLASS_PRIORS",
    "ENGINES",
    "METRICS",
    "DigitsConfig",
    "default_snapshot_generations",
    "frechet_distance",
    "frechet_distance_samples",
    "simulate_digits",
    "theory",
]
