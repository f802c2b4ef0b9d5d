"""A page's classroom kit, as plain data (no Streamlit): the compare contrasts and the
predict question. Each family's UI module declares its own in its page spec."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


def _always(values: Mapping[str, Any]) -> bool:
    return True


def latex_number(value: float, digits: int = 4) -> str:
    """0.3660, 12.5, 1.2 \\times 10^{-5}: a number as LaTeX, no 'e' notation."""
    if value == 0 or not np.isfinite(value):
        return "0" if value == 0 else r"\infty"
    text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    mantissa, exp = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exp)}}}"


@dataclass(frozen=True)
class Contrast:
    """A rule "settings -> the settings that change" for compare mode. It changes one thing;
    `applies` says for which settings it can (else the picker does not offer it). The sides'
    labels come from the values that differ, never from this label."""

    name: str
    label: str
    overrides: Callable[[Mapping[str, Any]], dict]
    applies: Callable[[Mapping[str, Any]], bool] = _always


def flip(name: str, a: Any, b: Any) -> Callable[[Mapping[str, Any]], dict]:
    return lambda v: {name: b if v[name] == a else a}


# Every family's chain config has a regime and a real-data share, so these apply on any page.
DEFAULT_CONTRASTS = (
    Contrast("regime", "Replace vs accumulate", flip("regime", "replace", "accumulate")),
    # With real data: the same share set to none; without: 10% real data.
    Contrast(
        "real",
        "With vs without real data",
        lambda v: {"real_fraction": 0.0 if v["real_fraction"] > 0 else 0.1},
    ),
    # Only with real data in the mix: the source is then the one thing that changes.
    Contrast(
        "source",
        "Fresh vs reused real data",
        lambda v: {"real_source": "fixed" if v["real_source"] == "fresh" else "fresh"},
        applies=lambda v: v["real_fraction"] > 0,
    ),
)


@dataclass(frozen=True)
class Question:
    """A question about a digest band's median at the last generation: above/below a line
    (predict, then run) and, for a class with phones, as a number (the class's answers).

    Attributes:
        metric: the band in the digest (e.g. "variance_ratio").
        threshold: the line the guess is about.
        ask: generations -> the question in words.
        answer: (value, generations) -> the result in words.
        words: the two answers the question offers, in the question's own words: the one for
            "above the threshold" first (e.g. ("more", "fewer")).
        estimate: generations -> the question asking for a number (None: no numeric form).
        scale, unit, low, high: a class answers metric * scale, in `unit`, from low to high
            (a share as a percentage: 100, "%", 0, 100).
    """

    metric: str
    threshold: float
    ask: Callable[[int], str]
    answer: Callable[[float, int], str]
    words: tuple[str, str] = ("above", "below")
    estimate: Callable[[int], str] | None = None
    scale: float = 100.0
    unit: str = "%"
    low: float = 0.0
    high: float = 100.0

    def value(self, digest) -> float:
        return float(np.asarray(digest.bands[self.metric].median)[-1])

    def word(self, value: float) -> str:
        """The answer word that is right for a value of the metric."""
        return self.words[0] if value > self.threshold else self.words[1]
