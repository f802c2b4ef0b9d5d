"""The multivariate page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, extended, theory_of

BAND_METRICS = (
    "trace_ratio",
    "logdet_ratio",
    "eig_min_ratio",
    "eig_max_ratio",
    "wasserstein2",
    "kl_divergence",
)


CHAIN_METRICS = ("trace_ratio", "logdet_ratio", "kl_divergence")


@dataclass(frozen=True, eq=False)
class MvnDigest(ChainDigest):
    """ChainDigest plus, all small: the snapshots' generations; chain 1's fitted mean and
    covariance in coordinates 1 and 2 at each (snapshot_mean2 (S, 2), snapshot_cov2 (S, 2, 2));
    the truth's 2 x 2 block; the median log spectrum of S0^-1 S_t over chains (S, d)."""

    snapshot_generations: np.ndarray
    snapshot_mean2: np.ndarray
    snapshot_cov2: np.ndarray
    truth_cov2: np.ndarray
    spectrum_median: np.ndarray


def digest_result(result: Result) -> MvnDigest:
    base = digest(result, BAND_METRICS, CHAIN_METRICS, theory_of(result.config))
    a = result.arrays
    return extended(
        base,
        MvnDigest,
        snapshot_generations=a["snapshot_generations"].copy(),
        snapshot_mean2=a["snapshot_mean"][:, 0, :2].copy(),
        snapshot_cov2=a["snapshot_covariance"][:, 0, :2, :2].copy(),
        truth_cov2=a["truth_covariance"][:2, :2].copy(),
        spectrum_median=np.median(a["snapshot_log_eigenvalues"], axis=1),
    )
