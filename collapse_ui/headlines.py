"""Headline numbers read off a digest, each as (label, value text, help) for st.metric: the
kind and the number formats every family's headlines share."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Headline(NamedTuple):
    label: str
    value: str
    help: str


def percent(fraction: float, tiny: str = "< 0.001%") -> str:
    """37%, 2.7%, 0.012%, then `tiny`: a classroom reads no exponents; the help says more."""
    p = 100 * fraction
    if p >= 10:
        return f"{p:.0f}%"
    return f"{p:.2g}%" if p >= 1e-3 else tiny


def share(fraction: float) -> str:
    """percent() for a sentence, not a headline: words for "<"."""
    return percent(fraction, tiny="less than 0.001%")


def first_below(values: np.ndarray, threshold: float) -> int | None:
    """The first generation whose value is below threshold, or None."""
    hits = np.flatnonzero(values < threshold)
    return int(hits[0]) if hits.size else None
