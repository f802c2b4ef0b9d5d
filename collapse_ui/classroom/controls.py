"""Where a classroom page's widgets go, and the classroom's own: the sidebar (presenting: a
collapsed Settings panel beside "Leave presentation"), the preset picker, presentation, player,
predict, the class room's Start / Close, compare and colours; and the player's server-side
controls (speed, or with reduced motion the Step buttons and the scrubber)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit as st

from collapse_ui import widgets
from collapse_ui.classroom import collect, console, player, presets, projector
from collapse_ui.classroom.context import Context


@contextlib.contextmanager
def panel(classroom: Context) -> Iterator[None]:
    """Where the page's widgets go: the sidebar; when presenting, a collapsed panel in the
    page (or, with hide flags, a small open panel holding just the controls left)."""
    if not classroom.present:
        outer = st.sidebar.container(key="classroom_controls")
    else:
        # The presenter's bar: the settings and a visible way out, side by side.
        settings, leave = st.columns([4, 1], vertical_alignment="top")
        with leave.container(key=console.EXIT_KEY):
            st.button(
                "Leave presentation",
                icon=":material/close_fullscreen:",
                key=f"{classroom.page}.present.exit",
                on_click=classroom.state.set,
                args=("present", False),
                use_container_width=True,
                help="Back to the normal page (key: Esc). P switches presentation on and off.",
            )
        if classroom.restricted:
            outer = settings.container(border=True, key="classroom_controls")
        else:
            outer = settings.expander("Settings", expanded=False, icon=":material/tune:").container(
                key="classroom_controls"
            )
    with outer:
        _classroom_widgets(classroom)
        yield


def _classroom_widgets(classroom: Context) -> None:
    state, page = classroom.state, classroom.page
    names = ("preset", "present", "play", "compare", "predict", "theme")
    if all(n in state.hidden for n in names):
        return
    st.header("Classroom")
    if len(classroom.presets):
        key = state.key("preset")
        widgets.select(state, "preset", on_change=lambda: presets.apply(classroom, st.session_state[key]))
    widgets.toggle(state, "present")
    widgets.toggle(state, "play")
    if state.value("play"):
        widgets.toggle(state, "reduce_motion")
    if classroom.question is not None:
        widgets.toggle(state, "predict")
    if classroom.answers and "room" not in state.hidden:
        if projector.ERROR_KEY in st.session_state:
            st.error(st.session_state.pop(projector.ERROR_KEY))
        if state.value("room") and classroom.secret:
            st.button(
                f"Close room {state.value('room')}",
                key=f"{page}.room.close",
                icon=":material/logout:",
                on_click=projector.close,
                args=(state, classroom.secret),
                help="Ends the class's answers; the room's answers are deleted.",
            )
            collect.controls(page)
            problem = collect.active(page)[1]
            if problem:
                st.warning(problem)
        else:
            st.button(
                "Start a class room",
                key=f"{page}.room.start",
                icon=":material/qr_code_2:",
                on_click=projector.start,
                args=(state,),
                help="Shows a QR code: phones that scan it answer the question with a number, "
                "and a live histogram of their guesses appears here.",
            )
    if "compare" not in state.hidden:
        preset = classroom.presets.get(state.value("preset"))
        values = state.values()
        options = [
            o
            for o in state.param("compare").options
            if (o != "preset" or (preset and preset.compare is not None))
            and (o not in classroom.contrasts or classroom.contrasts[o].applies(values))
        ]
        if state.value("compare") not in options:
            state.set("compare", "off")
        widgets.select(state, "compare", options=options)
    if "theme" not in state.hidden:
        widgets.choice(state, "theme", horizontal=True)


def player_controls(classroom: Context, last: int, *, narrow: bool = False) -> None:
    """The player's server-side controls. Animated, only the speed: Start/Back/Play/Step/End
    live in the browser (console.js), on the animation's one position. Reduced motion: Step
    buttons and a scrubber, on the server's position (`at`), redrawn without transition."""
    state = classroom.state
    if not state.value("reduce_motion"):
        widgets.choice(state, "speed", horizontal=True)
        return
    key = state.key("at")
    at = min(max(state.value("at"), 0), last)
    st.session_state[key] = at
    step = player.step_size(last)
    moves = (
        ("Start", "first_page", 0),
        ("Back", "chevron_left", max(0, at - step)),
        ("Step", "chevron_right", min(last, at + step)),
        ("End", "last_page", last),
    )
    cols = [*st.columns(2), *st.columns(2)] if narrow else st.columns(4)
    for col, (label, icon, target) in zip(cols, moves, strict=True):
        col.button(
            label,
            icon=f":material/{icon}:",
            key=f"{classroom.page}.player.{label.lower()}",
            on_click=state.set,
            args=("at", target),
            use_container_width=True,
            help=f"Show the chain up to generation {target:,}",
        )
    widgets.slider(state, "at", high=last)
