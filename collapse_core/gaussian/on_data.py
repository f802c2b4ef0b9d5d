"""The Gaussian chain on a stored data set: the truth is the data, resampled with replacement.

The fitted model is what the family always fits (a Gaussian); the chain's reference (mu0,
sigma0) becomes the data's mean and standard deviation (divided by n: the empirical
distribution's own), so every ratio and distance is measured against the data's spread.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from collapse_core.userdata.truth import EmpiricalTruth


def truth_of(h: str) -> EmpiricalTruth:
    """The empirical truth of the stored data set `h` (its first numeric column)."""
    from collapse_core.userdata import store
    from collapse_core.userdata.parse import DataError

    ds = store.get(h)
    if ds is None:
        raise DataError(
            f"no data set {h[:12]}... is stored here: it may have expired ({store.retention_words()}); "
            "upload or paste it again"
        )
    for col in ds.columns.values():
        if isinstance(col, np.ndarray):
            return EmpiricalTruth(col)
    raise DataError("the data set has no numeric column")


def bind(cfg):
    """(cfg with mu0, sigma0 of the data, the data's EmpiricalTruth)."""
    truth = truth_of(cfg.data)
    return dataclasses.replace(cfg, mu0=float(truth.mean), sigma0=float(np.sqrt(truth.variance))), truth
