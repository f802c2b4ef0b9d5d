"""What every classroom part reads about the page: its settings (PageState), its kit (presets,
contrasts, question) and whether this browser owns the page's class room. Plain data and small
questions about it; the parts that draw (controls, stage, tour_panel, projector, phone) take it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from collapse_core import presets as preset_registry
from collapse_ui.classroom import presentation
from collapse_ui.kit import Contrast, Question
from collapse_ui.url_state import PageState


@dataclass(eq=False)
class Context:
    state: PageState
    config_from: Callable
    contrasts: Mapping[str, Contrast]
    question: Question | None
    hints: Callable[[preset_registry.Preset], dict] | None
    url_path: str
    default_page: bool
    presets: Mapping[str, preset_registry.Preset]
    # The room's secret if this browser opened the room: only then is it the projector.
    secret: str | None = None
    held_answer: float | None = field(default=None)  # the room's answer, held back by the player
    held: Any = field(default=None)  # spoilers.Hold: why the answer is off screen (set by the stage)

    @property
    def page(self) -> str:
        return self.state.page

    def flag(self, name: str) -> Any:
        return self.state.value(name)

    @property
    def present(self) -> bool:
        return bool(self.flag("present"))

    @property
    def phone(self) -> bool:
        """A phone that joined a room: the question and a box, nothing else. Any browser but the
        teacher's that opens a room link is a phone, with `phone=1` or without."""
        return bool(self.flag("room")) and (bool(self.flag("phone")) or self.secret is None)

    @property
    def answers(self) -> bool:
        """Can this page take a class's numeric answers?"""
        return self.question is not None and self.question.estimate is not None

    @property
    def dark(self) -> bool:
        return presentation.is_dark(self.flag("theme"))

    @property
    def restricted(self) -> bool:
        """Hide flags in force: a link that shows the class only some controls."""
        return bool(self.state.hidden)

    @property
    def hides_results(self) -> bool:
        """The player is on: the results wait until the chain has played to its end."""
        return bool(self.state.value("play"))

    @property
    def styled(self) -> bool:
        """Whether `style` changes anything (presentation mode or the dark look)."""
        return self.present or self.dark

    @property
    def style_key(self) -> tuple[bool, bool]:
        """What `style` depends on: equal keys restyle a figure the same way."""
        return (self.present, self.dark)

    def style(self, fig: go.Figure) -> go.Figure:
        """Any chart of the page, for the current theme and presentation mode."""
        return presentation.restyle(fig, present=self.present, dark=self.dark)
