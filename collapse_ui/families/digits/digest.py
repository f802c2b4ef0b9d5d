"""The digits page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.digits.metrics import METRICS
from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, extended, theory_of


@dataclass(frozen=True, eq=False)
class DigitsDigest(ChainDigest):
    """ChainDigest plus chain 1's sample digits: snapshot_images (S, 10, 3, 64) at
    snapshot_generations (NaN: a digit the model no longer draws)."""

    snapshot_images: np.ndarray
    snapshot_generations: tuple[int, ...]


def digest_result(result: Result) -> DigitsDigest:
    names = tuple(METRICS)
    base = digest(result, names, names, theory_of(result.config))
    return extended(
        base,
        DigitsDigest,
        snapshot_images=result.arrays["snapshot_images"][:, 0].copy(),
        snapshot_generations=tuple(int(g) for g in result.arrays["snapshot_generations"]),
    )
