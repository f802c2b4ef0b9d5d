"""No spoilers: the one rule for when the answer to the class's question stays off screen.

The answer is the end of the chain: the headlines, the theory panel, the other charts, the
simulation's line in the room's histogram and its number. It is held back

- while the teacher's room collects answers, until the teacher presses "Reveal the answer"
  (held by the server: nothing of it is sent to the browser's screen);
- while "Predict, then run" waits for the class's guess (the page stops at the question);
- while the player is short of the chain's end, which covers a tour's question step too (the
  tour starts the player paused at generation 0; the player reveals at its end, console.js).

`hold(classroom, config)` says which, if any; every part that draws the answer asks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import streamlit as st

from collapse_ui.classroom import collect, predict
from collapse_ui.classroom.answers import question_key
from collapse_ui.classroom.context import Context

REVEALED_KEY = "_classroom.revealed"  # {(room code, question key)} the teacher revealed


@dataclass(frozen=True)
class Hold:
    """Why the answer is off screen, and what brings it back: the teacher's "reveal" (server)
    or the player reaching the "end" (the browser)."""

    reason: str
    until: Literal["reveal", "predict", "end"]


def room_collecting(classroom: Context) -> bool:
    """This browser's room is open and asks the page's question (a phone's view has no answer;
    a room collecting the class's own data asks none, so it holds nothing back)."""
    if not (classroom.state.value("room") and classroom.answers and classroom.secret):
        return False
    return collect.active(classroom.page)[0] is None


def revealed(classroom: Context, config) -> bool:
    code = classroom.state.value("room")
    return (code, question_key(classroom.page, config)) in st.session_state.get(REVEALED_KEY, set())


def reveal(classroom: Context, config) -> None:
    """Callback of the teacher's "Reveal the answer": for this room and this question only."""
    code = classroom.state.value("room")
    st.session_state.setdefault(REVEALED_KEY, set()).add((code, question_key(classroom.page, config)))


def hold(classroom: Context, config) -> Hold | None:
    """The rule (see the module docstring): the first reason that holds the answer back."""
    if room_collecting(classroom) and not revealed(classroom, config):
        return Hold("The answer appears when the teacher reveals it (the class is answering).", "reveal")
    asks = classroom.question is not None and classroom.state.value("predict")
    if asks and not room_collecting(classroom) and predict.guess(classroom.page, config) is None:
        return Hold("The answer appears once the class has predicted.", "predict")
    if classroom.hides_results:
        return Hold(
            "The headlines and the other charts appear when the chain has played to its end "
            "(End, or the R key).",
            "end",
        )
    return None
