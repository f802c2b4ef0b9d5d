"""Closed forms for the mixture chain: none for the fitted mixtures (EM has no closed form),
only the truth's own values, which the metrics are compared against."""

from __future__ import annotations

from collapse_core.mixture import on_data
from collapse_core.mixture.config import MixtureConfig
from collapse_core.mixture.metrics import truth_summary


def theory(cfg: MixtureConfig) -> dict:
    """The truth's reference values (floats): its tail mass outside its own outer 3-sigma
    region, its total variance, its effective number of components (K)."""
    ts = truth_summary(cfg)
    return {
        "truth_tail_mass_3sigma": ts["tail_mass"],
        "truth_total_variance": float(ts["cov"].trace()),
        "truth_effective_modes": _effective_modes(cfg),
    }


def _effective_modes(cfg: MixtureConfig) -> float:
    """K for the built-in truth; with data, 1 / sum w_k^2 of the reference fit to it."""
    if not cfg.data:
        return float(cfg.components)
    return float(1.0 / (on_data.reference(cfg).weights[0] ** 2).sum())
