"""The regression page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, theory_of

BANDS = ("test_error", "weight_error", "weight_cosine", "excess_risk_ratio")


def digest_result(result: Result) -> ChainDigest:
    return digest(result, BANDS, ("test_error", "weight_error"), theory_of(result.config))
