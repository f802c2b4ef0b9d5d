"""A guided tour on the page (the steps themselves are data, tours.py): the box with the step's
words and its Back / Next buttons, and moving between steps (each sets the preset plus the
steps' settings so far, and may start the player or reveal)."""

from __future__ import annotations

import streamlit as st

from collapse_core import presets as preset_registry
from collapse_ui.classroom import console, presets, tours
from collapse_ui.classroom.context import Context


def session_key(classroom: Context) -> str:
    return f"_classroom.{classroom.page}.tour"


def go(classroom: Context, name: str, index: int) -> None:
    """Callback: show step `index` of the preset's tour (past either end: leave the tour)."""
    steps = tours.tour(classroom.presets[name])
    key = session_key(classroom)
    if not 0 <= index < len(steps):
        st.session_state.pop(key, None)
        return
    presets.apply(classroom, name)
    for control, value in tours.settings_at(steps, index).items():
        classroom.state.set(control, value)
    # Every step plays: a question step waits at generation 0, so the stage chart is on screen
    # and the answer is not (spoilers.py: the player reveals at its end).
    classroom.state.set("play", True)
    if not (steps[index].play or steps[index].reveal):
        classroom.state.set("at", 0)
    st.session_state[key] = index
    st.session_state[key + ".go"] = st.session_state.get(key + ".go", 0) + 1


def step(classroom: Context) -> tuple[int, tours.Step] | None:
    """The tour step on screen, if a tour of the current preset is running."""
    preset = classroom.presets.get(classroom.state.value("preset"))
    index = st.session_state.get(session_key(classroom))
    if preset is None or index is None:
        return None
    steps = tours.tour(preset)
    return (index, steps[index]) if index < len(steps) else None


def moved(classroom: Context) -> int:
    """How many steps were taken since the last call (a new step runs its action once)."""
    return st.session_state.pop(session_key(classroom) + ".go", 0)


def box(classroom: Context, preset: preset_registry.Preset) -> None:
    page = classroom.page
    steps = tours.tour(preset)
    now = step(classroom)
    if now is None:
        with st.container(key=console.TOUR_NEXT_KEY):  # N starts it too
            st.button(
                "Start the guided tour",
                icon=":material/tour:",
                key=f"{page}.tour.start",
                on_click=go,
                args=(classroom, preset.name, 0),
                help=f"{len(steps)} steps; N goes to the next one, B back.",
            )
        return
    index, current = now
    with st.container(border=True, key="tour_box"):
        st.markdown(f"**Tour, step {index + 1} of {len(steps)}**")
        st.markdown(current.say)
        back, nxt = st.columns(2)
        with back.container(key=console.TOUR_BACK_KEY):
            st.button(
                "Back",
                icon=":material/undo:",
                key=f"{page}.tour.back",
                use_container_width=True,
                on_click=go,
                args=(classroom, preset.name, index - 1),
                help="Previous step (key: B)",
            )
        with nxt.container(key=console.TOUR_NEXT_KEY):
            last = index + 1 == len(steps)
            st.button(
                "End the tour" if last else "Next",
                icon=":material/redo:",
                key=f"{page}.tour.next",
                type="primary",
                use_container_width=True,
                on_click=go,
                args=(classroom, preset.name, index + 1),
                help="Next step (key: N)",
            )
