"""The kernel density estimate family: refitting adds the kernel's variance (the spread inflates)."""

from collapse_core.kde.config import BANDWIDTH_RULES, TRUTHS, KDEConfig
from collapse_core.kde.kernel import density
from collapse_core.kde.theory import expected_moments, growth_factor, stationary_variance_ratio, theory

__all__ = [
    "BANDWIDTH_RULES",
    "TRUTHS",
    "KDEConfig",
    "density",
    "expected_moments",
    "growth_factor",
    "stationary_variance_ratio",
    "theory",
]
