"""A page's classroom kit, as plain data (no Streamlit): the compare contrasts and the
predict question. Each family's UI module declares its own in its page spec."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Contrast:
    """A rule "settings -> the settings that change" for compare mode."""

    name: str
    label: str
    overrides: Callable[[Mapping[str, Any]], dict]


def flip(name: str, a: Any, b: Any) -> Callable[[Mapping[str, Any]], dict]:
    return lambda v: {name: b if v[name] == a else a}


# Every family's chain config has a regime and a real-data share, so these apply on any page.
DEFAULT_CONTRASTS = (
    Contrast("regime", "Replace vs accumulate", flip("regime", "replace", "accumulate")),
    Contrast("real", "No real data vs 10% real data", flip("real_fraction", 0.0, 0.1)),
    Contrast("source", "Fresh vs fixed real data (10% real if none)",
             lambda v: {"real_source": "fixed" if v["real_source"] == "fresh" else "fresh",
                        **({"real_fraction": 0.1} if v["real_fraction"] == 0 else {})}),
)


@dataclass(frozen=True)
class Question:
    """An above/below question about a digest band's median at the last generation.

    Attributes:
        metric: the band in the digest (e.g. "variance_ratio").
        threshold: the line the guess is about.
        ask: generations -> the question in words.
        answer: (value, generations) -> the result in words.
    """

    metric: str
    threshold: float
    ask: Callable[[int], str]
    answer: Callable[[float, int], str]

    def value(self, digest) -> float:
        return float(np.asarray(digest.bands[self.metric].median)[-1])
