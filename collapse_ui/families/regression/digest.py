"""The regression page's digest: what its charts, headlines and table read (built once per run)."""

from __future__ import annotations

import dataclasses

import numpy as np

from collapse_core.regression import RegressionConfig, expected_excess_risk, theory
from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest

BANDS = ("test_error", "weight_error", "weight_cosine", "excess_risk_ratio")


def _theory(cfg: RegressionConfig) -> dict:
    th = {k: (np.asarray(v) if isinstance(v, list) else v) for k, v in theory(cfg).items()}
    if not cfg.n_real and cfg.regime in ("replace", "accumulate"):
        other = dataclasses.replace(cfg, regime="accumulate" if cfg.regime == "replace" else "replace")
        th["other_regime_test_error"] = expected_excess_risk(other) + cfg.noise**2
    return th


def digest_result(result: Result) -> ChainDigest:
    return digest(result, BANDS, ("test_error", "weight_error"), _theory(result.config))
