"""The mixture page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, extended

BAND_METRICS = (
    "modes_alive",
    "effective_modes",
    "min_weight",
    "max_weight",
    "truth_coverage",
    "variance_ratio",
    "tail_ratio_3sigma",
    "kl_upper_bound",
)


CHAIN_METRICS = ("modes_alive", "min_weight")


@dataclass(frozen=True, eq=False)
class MixtureDigest(ChainDigest):
    """ChainDigest plus chain 1's fitted mixture at every generation (small: (G+1) x K x D x D)."""

    weights: np.ndarray  # (G+1, K)
    means: np.ndarray  # (G+1, K, D)
    covariances: np.ndarray  # (G+1, K, D, D)


def digest_result(result: Result) -> MixtureDigest:
    base = digest(result, BAND_METRICS, CHAIN_METRICS, {})
    a = result.arrays
    return extended(
        base,
        MixtureDigest,
        weights=a["weights"][0].copy(),
        means=a["means"][0].copy(),
        covariances=a["covariances"][0].copy(),
    )
