"""The linear regression family (Dohmatob, Feng & Kempe 2024; Gerstgrasser et al. 2024)."""

from collapse_core.regression.config import RegressionConfig
from collapse_core.regression.theory import accumulate_limit, expected_excess_risk, gerstgrasser_bound, theory

__all__ = ["RegressionConfig", "accumulate_limit", "expected_excess_risk", "gerstgrasser_bound", "theory"]
