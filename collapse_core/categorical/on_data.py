"""The vocabulary chain on a stored data set: the truth is the data's own label frequencies.

Resampling the labels with replacement draws from exactly this categorical distribution, so
the exact engine and the theory hold unchanged with p0 = the data's frequencies (labels in
order of frequency, ties by label). With label,count pairs a label's count is its weight."""

from __future__ import annotations

import functools

import numpy as np

from collapse_core.userdata import store
from collapse_core.userdata.parse import DataError


@functools.lru_cache(maxsize=32)
def vocabulary(h: str) -> tuple[tuple[str, ...], np.ndarray]:
    """(labels most frequent first, their probabilities, read-only) of data set `h`. Cached:
    a stored set never changes, its name being its content's hash."""
    ds = store.get(h)
    if ds is None:
        raise DataError(
            f"no data set {h[:12]}... is stored here: it may have expired ({store.retention_words()}); "
            "upload or paste it again"
        )
    labels = next((c for c in ds.columns.values() if isinstance(c, tuple)), None)
    if labels is None:
        raise DataError("the data set has no column of labels (words): the vocabulary page needs one")
    counts = next((c for c in ds.columns.values() if isinstance(c, np.ndarray)), None)
    totals: dict[str, float] = {}
    for i, label in enumerate(labels):
        totals[label] = totals.get(label, 0.0) + (1.0 if counts is None else float(counts[i]))
    kept = sorted(((-c, lab) for lab, c in totals.items() if c > 0))
    if len(kept) < 2:
        raise DataError("the data holds fewer than 2 labels: there is nothing to lose")
    p = np.array([-c for c, _ in kept])
    p /= p.sum()
    p.flags.writeable = False
    return tuple(lab for _, lab in kept), p
