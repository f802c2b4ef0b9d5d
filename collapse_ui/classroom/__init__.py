"""Classroom features for any page built on PageState: presets, presentation mode with hide
flags, play/pause/step, compare side by side, predict-then-run, guided tours, projector themes
and a class that answers on its phones.

The public surface (collapse_ui/page.py uses it for every family page):

    classroom = enable(spec)                  # spec: the page's collapse_ui.registry.PageSpec
    state = classroom.state                   # the page's PageState, classroom settings included
    if classroom.phone:                       # a phone in a class room: its view, nothing else
        classroom.phone_view(); return
    with classroom.controls():                # instead of `with st.sidebar:`
        widgets.slider(state, "generations")  # ... the page's widgets, unchanged
    values = state.values(); state.save()
    digest = cache.run(config_from(values))
    classroom.stage(digest, figure=lambda d: variance.figure(d), compute=cache.run)  # before the results
    with classroom.results():                 # what shows the chain's end: held back by the player
        st.plotly_chart(classroom.style(fig), theme=None)   # every other chart
    classroom.present, classroom.styled, classroom.style_key   # presentation mode, restyling

The parts, one concept each:
    context.py     what every part reads (settings, kit, this browser's room secret)
    controls.py    where the widgets go, the classroom's own widgets, the player's server controls
    presets.py     a preset's values, applying one, short links filled in
    tours.py       the guided tours as data; tour_panel.py their box and steps on the page
    stage.py       preset card, predict gate, player / comparison, console, held-back results
    console.py     the presenter's bar and keys (console.js, console_frame.js, console.css)
    player.py      the stage chart's animation frames
    predict.py     predict, then run
    presentation.py  presentation mode and projector themes (classroom.css, presentation.css, theme.js)
    settings.py    the classroom's URL settings
    answers.py     the class's answers in SQLite (no Streamlit)
    room.py        what the teacher's page and the phones share (ownership, devices, limits)
    projector.py   the room on the teacher's page; phone.py the phones' view
    collect.py     the room's "collect data" mode on the teacher's page; phone_data.py the phones'
    collected.py   the class's data values in SQLite; class_data.py prompts and the switch of truth
    devices.py, limits.py, cookies.py, assets.py   signed device ids, rate limits, cookies, files
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from collapse_core import presets as preset_registry
from collapse_ui import lead_params
from collapse_ui.classroom import controls, cookies, phone, presentation, presets, room, stage
from collapse_ui.classroom.context import Context
from collapse_ui.classroom.settings import classroom_params
from collapse_ui.url_state import PageState

__all__ = ["Classroom", "enable"]


class Classroom(Context):
    """One page's classroom (see the module docstring for how a page uses it)."""

    def controls(self) -> AbstractContextManager[None]:
        return controls.panel(self)

    def stage(self, digest, *, figure: Callable[[Any], go.Figure], compute: Callable[[Any], Any]) -> None:
        stage.draw(self, digest, figure=figure, compute=compute)

    def results(self) -> AbstractContextManager[None]:
        return stage.results(self)

    def phone_view(self) -> None:
        """The phone's whole page (instead of the simulation)."""
        phone.view(self.state)


def _hidden(state: PageState) -> frozenset[str]:
    show, hide = state.value("show"), state.value("hide")
    names = [n for n in state.params if n not in ("hide", "show")]
    # The player's own controls belong to the chart, not to the settings: `show` leaves them be.
    visible = {*show, "at", "speed"} if show else set(names)
    return frozenset(n for n in names if n not in visible or n in hide)


def enable(spec) -> Classroom:
    """The page's PageState with the classroom settings, loaded from the URL (call first).
    `spec` is the page's collapse_ui.registry.PageSpec: its params, config builder, contrasts,
    question and preset hints make the page's kit."""
    contrasts = tuple(spec.contrasts)
    labels = {c.name: c.label for c in contrasts}
    extra = classroom_params(spec.name, spec.params, contrasts=labels, max_generations=spec.max_generations)
    state = PageState(spec.name, (*spec.params, *extra, *lead_params.PARAMS))
    classroom = Classroom(
        state,
        config_from=spec.config_from,
        contrasts={c.name: c for c in contrasts},
        question=spec.question,
        hints=spec.preset_hints,
        url_path=spec.url_path or spec.name,
        default_page=spec.default,
        presets=preset_registry.for_page(spec.name),
    )
    presets.prefill(classroom)
    state.load()
    state.hidden = _hidden(state)
    code = state.value("room")
    classroom.secret = room.owner_secret(code) if code else None
    cookies.flush()  # the room's secret, kept by the browser once the Start button opened a room
    presentation.register(state.key("present"))
    css = presentation.css(present=classroom.present)
    if classroom.restricted:
        css += "<style>.st-key-classroom_controls h2 { display: none; }</style>"
    st.html(css)
    script = presentation.theme_switch(state.value("theme"))
    if script:  # Streamlit's own light/dark theme, asked for in the address (one reload)
        st.html(script, unsafe_allow_javascript=True)
    return classroom
