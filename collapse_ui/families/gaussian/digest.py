"""The gaussian page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from collapse_core.gaussian.metrics import TAIL_KS
from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, theory_of

BAND_METRICS = ("variance_ratio", "mean_drift", "wasserstein2", *(f"tail_ratio_{k}sigma" for k in TAIL_KS))


CHAIN_METRICS = ("variance_ratio", "mean_drift", "wasserstein2", "mean", "log_variance_ratio")


def digest_result(result: Result) -> ChainDigest:
    return digest(
        result,
        BAND_METRICS,
        CHAIN_METRICS,
        theory_of(result.config),
        share_metrics=("collapsed", "sd_above_epsilon"),
    )
