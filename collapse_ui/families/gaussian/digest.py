"""The gaussian page's digest: what its charts, headlines and table read (built once per run)."""

from __future__ import annotations

import math

from collapse_core import GaussianConfig
from collapse_core.gaussian import expected_moments, typical_variance_ratio
from collapse_core.gaussian.metrics import TAIL_KS
from collapse_core.gaussian.theory import accumulate_limit, stationary_variance_ratio
from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest

BAND_METRICS = ("variance_ratio", "mean_drift", "wasserstein2", *(f"tail_ratio_{k}sigma" for k in TAIL_KS))


CHAIN_METRICS = ("variance_ratio", "mean_drift", "wasserstein2", "mean", "log_variance_ratio")


def theory_curves(cfg: GaussianConfig) -> dict:
    """Every closed form that applies, under the names the figure builders look for."""
    out: dict = {}
    moments = expected_moments(cfg)
    if moments is not None:
        out["expected_variance_ratio"] = moments["variance_ratio"]
        out["rms_mean_drift"] = moments["mean_drift_sq"] ** 0.5
    typical = typical_variance_ratio(cfg)
    if typical is not None:
        out["median_variance_ratio"] = typical["median"]
    for name, fn in (("accumulate_limit", accumulate_limit), ("stationary_variance_ratio", stationary_variance_ratio)):
        value = fn(cfg)
        if value is not None and math.isfinite(value):
            out[name] = value
    return out


def digest_result(result: Result) -> ChainDigest:
    return digest(result, BAND_METRICS, CHAIN_METRICS, theory_curves(result.config),
                  share_metrics=("collapsed", "sd_above_epsilon"))
