"""The toy page's digest: the rate ratio's band and a few chains, and the core's theory."""

from __future__ import annotations

from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, theory_of


def digest_result(result: Result) -> ChainDigest:
    return digest(result, ("rate_ratio",), ("rate_ratio",), theory_of(result.config))
