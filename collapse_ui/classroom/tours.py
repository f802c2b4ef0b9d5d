"""Guided tours: for each preset, a short sequence of steps the presenter advances with one key (N).

A step says what to tell the class, which controls to set (on top of the preset's own values),
and whether to start the player or to reveal the results. The page's state at step i is the
preset plus the settings of steps 0..i, so Back returns exactly to the earlier picture.

Hand-written tours exist for the presets in TOURS; every other preset gets `generic(preset)`,
built from its own explanation: set it up and ask, play it, reveal it with the explanation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from collapse_core import presets as registry


@dataclass(frozen=True)
class Step:
    say: str  # what the presenter tells the class (Markdown)
    settings: Mapping[str, Any] = field(default_factory=dict)  # page controls to set
    play: bool = False  # turn the player on and play from generation 0
    reveal: bool = False  # show the headlines and the other charts


TOURS: dict[str, tuple[Step, ...]] = {
    "paper-gaussian": (
        Step(
            "The truth is a bell curve with variance 1. Each generation fits a new bell curve to "
            "**100 points drawn from the previous fit**, then the next generation samples from that "
            "fit. **Ask the class:** after 1,000 generations, how much of the variance is left?"
        ),
        Step(
            "Play. The thin lines are single chains, the blue line the median of 200 chains. "
            "Pause around generation 100: the theory's expected variance there is "
            "0.99^100 ≈ 0.37 of the truth's, and the typical chain is below it.",
            play=True,
        ),
        Step(
            "**Reveal** the end: almost none of the variance is left. Small estimation errors "
            "compound, and the rare values in the tails are the first to go.",
            reveal=True,
        ),
        Step(
            "Same chain, one change: **keep every generation's data** instead of replacing it "
            "(Gerstgrasser et al. 2024). Play again.",
            settings={"regime": "accumulate"},
            play=True,
        ),
        Step(
            "**Reveal**: the variance levels off just below the truth's. The pool always holds the "
            "original data, so the errors stay bounded.",
            settings={"regime": "accumulate"},
            reveal=True,
        ),
    ),
    "accumulate": (
        Step(
            "Two chains on the same seed. A (left): each generation **adds** its samples to all the "
            "data before; B (right): each generation **replaces** its data with samples from the "
            "last fit. **Ask the class:** which one collapses?"
        ),
        Step("Play both sides together and watch the variance.", play=True),
        Step(
            "**Reveal**: B (replace) collapses, A (accumulate) levels off just below the truth: the "
            "original data never leaves the pool.",
            reveal=True,
        ),
    ),
}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def generic(preset: registry.Preset) -> tuple[Step, ...]:
    """A tour from the preset's own words: its first sentence to set the scene, then play, then
    the rest of the explanation with the results revealed."""
    first, *rest = _sentences(preset.explanation) or [preset.title]
    return (
        Step(f"**{preset.title}.** {first} **Ask the class** what they expect before playing."),
        Step("Play it, and pause where the picture changes.", play=True),
        Step(("**Reveal**: " + " ".join(rest)) if rest else "**Reveal** the end of the chain.", reveal=True),
    )


def tour(preset: registry.Preset) -> tuple[Step, ...]:
    return TOURS.get(preset.name) or generic(preset)


def settings_at(steps: tuple[Step, ...], index: int) -> dict[str, Any]:
    """The controls set by steps 0..index (later steps win)."""
    out: dict[str, Any] = {}
    for s in steps[: index + 1]:
        out.update(s.settings)
    return out
