"""The stage: what a classroom page shows before its results. The preset's card (and its guided
tour), the predict gate (the page stops until the class has answered), the class room's panel
on the teacher's page, then the player or the comparison chart and the presenter's console; and
the container that holds the results back while the player is short of the chain's end."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from collapse_core import WorkBudgetError
from collapse_core import presets as preset_registry
from collapse_ui import compare as compare_mod
from collapse_ui.classroom import (
    console,
    controls,
    numbers,
    player,
    predict,
    presets,
    projector,
    spoilers,
    tour_panel,
)
from collapse_ui.classroom.collect import active as data_prompt
from collapse_ui.classroom.collect import panel as data_panel
from collapse_ui.classroom.context import Context
from collapse_ui.classroom.settings import SPEEDS
from collapse_ui.figures import slim

HELD_KEY = "held_back"  # container key of the results the server holds back (spoilers.py)


@contextlib.contextmanager
def results(classroom: Context) -> Iterator[None]:
    """Where the page draws what shows the end of the chain (headlines, theory, charts). With
    the player on, it stays hidden until the played generation is the last (console.js)."""
    held = classroom.held
    if held is None:
        yield
        return
    if held.until != "end":  # held by the server (spoilers.py): drawn, never shown, state kept
        st.html(f"<style>.st-key-{HELD_KEY} {{ display: none !important; }}</style>")
        with st.container(key=f"{HELD_KEY}_note"):
            st.caption(held.reason)
        with st.container(key=HELD_KEY):
            yield
        return
    with st.container(key=f"{console.SPOILERS_KEY}_note"):
        st.caption(held.reason)
    with st.container(key=console.SPOILERS_KEY):
        if classroom.held_answer is not None:
            st.metric(
                "The simulation's answer to the class's question",
                numbers.for_class(classroom.held_answer, classroom.question.unit),
                border=True,
            )
        yield


def card(classroom: Context, shown: Mapping[str, Any], *, predicting: bool = False) -> None:
    """The preset's title, explanation and source. While the class is predicting, the
    explanation (which tells the result) waits for the answer."""
    preset = classroom.presets.get(shown["preset"])
    if preset is None:
        return
    with st.container(border=not classroom.present):
        st.subheader(preset.title)
        if (
            tour_panel.step(classroom) is not None
        ):  # the tour's words replace the explanation (and its spoilers)
            tour_panel.box(classroom, preset)
            st.caption(f"Source: {preset.citation}")
            return
        if predicting:
            st.markdown("*The explanation appears once the class has answered.*")
        else:
            st.markdown(preset.explanation)
        st.caption(f"Source: {preset.citation}")
        wanted = presets.values(classroom, preset)
        cfg_names = set(preset_registry.settings(preset.config))
        changed = [classroom.state.param(n).label for n in wanted if n in cfg_names and shown[n] != wanted[n]]
        if changed:
            st.markdown(f"*Changed since the preset: {', '.join(changed)}.*")
            st.button(
                "Back to the preset",
                key=f"{classroom.page}.preset.reset",
                on_click=presets.apply,
                args=(classroom, preset.name),
            )
        if not predicting:
            tour_panel.box(classroom, preset)


def _console(classroom: Context, *, last: int = 0, animated: bool = False) -> None:
    """The keyboard shortcuts, and with the animated player its bar (console.py)."""
    step = tour_panel.step(classroom)
    go_count = tour_panel.moved(classroom)
    c = console.Console(
        present_key=classroom.state.key("present"),
        play_key=classroom.state.key("play"),
        player=animated,
        step=player.step_size(last) if last else 1,
        present=classroom.present,
        dark=classroom.dark,
        autoplay=bool(go_count and step and step[1].play),
        reveal=bool(go_count and step and step[1].reveal),
        token=f"{go_count}",
    )
    if c.player:  # the bar: as tall as its buttons, wrapped on a phone
        st.iframe(console.html(c), height="content")
    else:
        with st.container(key="presenter_keys"):
            st.iframe(console.html(c), height=1)


def draw(
    classroom: Context, digest, *, figure: Callable[[Any], go.Figure], compute: Callable[[Any], Any]
) -> None:
    """Preset card, tour, predict gate (stops the page until answered), then the player or the
    comparison chart, and the presenter's console. Call it after the run and before anything
    shows the result. `compute(config)` gives the digest of another configuration (the
    comparison's other side), as the page's cache does."""
    classroom.held = spoilers.hold(classroom, digest.config)
    if classroom.hides_results:
        st.html(console.spoiler_css())
    if not _draw(classroom, digest, figure=figure, compute=compute):
        _console(classroom)  # the keys alone


def _draw(
    classroom: Context, digest, *, figure: Callable[[Any], go.Figure], compute: Callable[[Any], Any]
) -> bool:
    """Everything `draw` draws; True if it drew the player's console."""
    state, page, question = classroom.state, classroom.page, classroom.question
    values = state.values()
    other = (
        compare_mod.other(values, classroom.presets, classroom.contrasts)
        if values["compare"] != "off"
        else None
    )
    play = values["play"]
    last = int(digest.generations[-1])
    shows_chart = other is not None or play
    # On a projector the words and the buttons go beside the chart, so all of it fits the screen.
    preset = classroom.presets.get(values["preset"])
    side = classroom.present and shows_chart and preset is not None
    in_room = spoilers.room_collecting(classroom)
    # Without the side columns, left and right are made after the room's panel (page order).
    left, right = st.columns([1, 3], gap="medium") if side else (None, None)
    collecting = data_prompt(page)[0] if values["room"] and classroom.secret else None
    if collecting is not None and classroom.answers:  # the class's own data instead of a guess
        with left if side else contextlib.nullcontext():
            data_panel(classroom, collecting)
    elif in_room:
        held = classroom.held
        waits = held is not None and held.until == "reveal"
        answer = None if waits else question.value(digest)
        if classroom.hides_results and answer is not None:
            # The answer is the end of the chain: it waits among the results (see `results`),
            # and shows in the histogram too once the teacher has revealed it there.
            classroom.held_answer = answer * question.scale
            if not spoilers.revealed(classroom, digest.config):
                answer = None
        # On a projector the room goes beside the stage chart (first: the QR code is what the
        # class needs first), so the chart stays on screen.
        with left if side else contextlib.nullcontext():
            projector.panel(
                page,
                classroom.url_path,
                classroom.default_page,
                state,
                classroom.secret,
                question,
                digest.config,
                answer,
                style=classroom.style,
                on_reveal=(lambda: spoilers.reveal(classroom, digest.config)) if waits else None,
                narrow=side,
            )
    if not side:
        left, right = st.container(), st.container()
    # In a room the room's question is the prediction: one question, in the room's unit.
    asks = bool(values["predict"]) and question is not None and not in_room
    predicting = asks and predict.guess(page, digest.config) is None
    with left:
        card(classroom, values, predicting=predicting)
        if asks and not predict.gate(page, digest.config, digest, question):
            _console(classroom)
            st.stop()
    if not shows_chart:
        return False
    fig = figure(digest)
    if other is not None:
        try:
            b_digest = compute(classroom.config_from(other[0]))
        except WorkBudgetError as exc:
            st.error(f"The comparison is too much work for an interactive page: {exc}.")
            return False
        # The same chart as the slide pack's (registry.PageSpec.comparison).
        _, fig, note = compare_mod.chart(
            state.params, values, other, lambda d, v: figure(d), digest, b_digest
        )
        with left:
            st.caption(note)
    fig = classroom.style(slim.figure(fig))  # what a screen can show (exports use the full data)
    # The stage is the one chart a room looks at: most of a 1080p screen when presenting.
    fig.update_layout(
        height=max(fig.layout.height or 0, (680 if play else 760) if classroom.present else 520)
    )
    animated = False
    if play:
        with left:
            controls.player_controls(classroom, last, narrow=side)
        animated = not values["reduce_motion"]
        fig = player.animate(
            fig,
            last,
            state.value("at"),
            duration_ms=SPEEDS[values["speed"]],
            reduced=values["reduce_motion"],
            font_size=int(fig.layout.font.size or 15),
        )
    with right:
        with st.container(key=console.STAGE_KEY):
            st.plotly_chart(fig, theme=None, key=f"{page}.stage", config={"displaylogo": False})
        if play:  # the bar under the chart it drives
            _console(classroom, last=last, animated=animated)
    return play
