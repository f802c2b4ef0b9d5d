"""Classroom features for any page built on PageState: presets, presentation mode with hide
flags, play/pause/step, compare side by side, predict-then-run, projector themes.

A page enables them with these calls (collapse_ui/page.py does it for every family page):

    room = classroom.enable(spec)             # spec: the page's collapse_ui.registry.PageSpec
    state = room.state                        # the page's PageState, classroom settings included
    with room.controls():                     # instead of `with st.sidebar:`
        widgets.slider(state, "generations")  # ... the page's widgets, unchanged
    values = state.values(); state.save()
    digest = cache.run(config_from(values))
    room.stage(digest, figure=lambda d: variance.figure(d), run=cache.run)  # before the results
    st.plotly_chart(room.style(fig), theme=None)   # every other chart

`enable` replaces `PageState(...)` + `state.load()`. `stage` draws the preset card, holds the
result back until the class has predicted (st.stop), and draws the player / comparison chart.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from collapse_core import WorkBudgetError
from collapse_core import presets as registry
from collapse_ui import compare as compare_mod
from collapse_ui import widgets
from collapse_ui.classroom import player, predict, presentation
from collapse_ui.classroom import room as room_mod
from collapse_ui.classroom.settings import CLASSROOM_NAMES, NO_PRESET, SPEEDS, classroom_params
from collapse_ui.figures import slim
from collapse_ui.kit import Contrast, Question
from collapse_ui.params import values_from_preset
from collapse_ui.url_state import PageState

__all__ = ["Classroom", "enable"]


class Classroom:
    def __init__(self, state: PageState, *, config_from: Callable, contrasts: Sequence[Contrast],
                 question: Question | None, hints: Callable[[registry.Preset], dict] | None,
                 url_path: str = "", default: bool = False):
        self.state = state
        self.url_path = url_path or state.page
        self.default_page = default
        self.page = state.page
        self.config_from = config_from
        self.contrasts = {c.name: c for c in contrasts}
        self.question = question
        self.hints = hints
        self.presets = registry.for_page(self.page)

    # ------------------------------------------------------------------ settings

    def flag(self, name: str) -> Any:
        return self.state.value(name)

    @property
    def present(self) -> bool:
        return bool(self.flag("present"))

    @property
    def phone(self) -> bool:
        """A phone that joined a room: the question and a box, nothing else."""
        return bool(self.flag("phone")) and bool(self.flag("room"))

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

    def preset_values(self, preset: registry.Preset) -> dict:
        """Every page control's value under a preset (the classroom's own settings left out)."""
        page_params = [p for n, p in self.state.params.items() if n not in CLASSROOM_NAMES]
        return values_from_preset(page_params, preset, self.hints)

    def apply_preset(self, name: str) -> None:
        """Callback: set every control (and so the URL) to the preset's values."""
        self.state.set("preset", name)
        if name == NO_PRESET or name not in self.presets:
            return
        preset = self.presets[name]
        for key, value in self.preset_values(preset).items():
            self.state.set(key, value)
        self.state.set("compare", "preset" if preset.compare is not None else "off")
        self.state.set("at", 0)

    def _prefill(self) -> None:
        """A short link (?preset=NAME without the settings) fills the missing ones from the preset."""
        name = str(st.query_params.get("preset", "")).strip().lower()
        if name not in self.presets:
            return
        preset = self.presets[name]
        fill = {**self.preset_values(preset), "compare": "preset" if preset.compare is not None else "off"}
        for key, value in fill.items():
            if key not in st.query_params and self.state.key(key) not in st.session_state:
                st.session_state[self.state.key(key)] = value

    # ------------------------------------------------------------------ controls

    @contextlib.contextmanager
    def controls(self) -> Iterator[None]:
        """Where the page's widgets go: the sidebar; when presenting, a collapsed panel in the
        page (or, with hide flags, a small open panel holding just the controls left)."""
        if not self.present:
            outer = st.sidebar.container(key="classroom_controls")
        elif self.restricted:
            outer = st.container(border=True, key="classroom_controls")
        else:
            outer = st.expander("Settings", expanded=False, icon=":material/tune:").container(
                key="classroom_controls")
        with outer:
            self._classroom_widgets()
            yield

    def _classroom_widgets(self) -> None:
        state = self.state
        names = ("preset", "present", "play", "compare", "predict", "theme")
        if all(n in state.hidden for n in names):
            return
        st.header("Classroom")
        if len(self.presets):
            key = state.key("preset")
            widgets.select(state, "preset", on_change=lambda: self.apply_preset(st.session_state[key]))
        widgets.toggle(state, "present")
        widgets.toggle(state, "play")
        if state.value("play"):
            widgets.toggle(state, "reduce_motion")
        if self.question is not None:
            widgets.toggle(state, "predict")
        if self.answers and "room" not in state.hidden:
            if room_mod.ERROR_KEY in st.session_state:
                st.error(st.session_state.pop(room_mod.ERROR_KEY))
            if state.value("room"):
                st.button(f"Close room {state.value('room')}", key=f"{self.page}.room.close",
                          icon=":material/logout:", on_click=room_mod.close, args=(state,),
                          help="Ends the class's answers; the room's answers are deleted.")
            else:
                st.button("Start a class room", key=f"{self.page}.room.start", icon=":material/qr_code_2:",
                          on_click=room_mod.start, args=(state,),
                          help="Shows a QR code: phones that scan it answer the question with a number, "
                          "and a live histogram of their guesses appears here.")
        if "compare" not in state.hidden:
            preset = self.presets.get(state.value("preset"))
            values = state.values()
            options = [o for o in state.param("compare").options
                       if (o != "preset" or (preset and preset.compare is not None))
                       and (o not in self.contrasts or self.contrasts[o].applies(values))]
            if state.value("compare") not in options:
                state.set("compare", "off")
            widgets.select(state, "compare", options=options)
        if "theme" not in state.hidden:
            widgets.choice(state, "theme", horizontal=True)

    # ------------------------------------------------------------------ stage

    @property
    def styled(self) -> bool:
        """Whether `style` changes anything (presentation mode or the dark look)."""
        return self.present or self.dark

    def style(self, fig: go.Figure) -> go.Figure:
        """Any chart of the page, for the current theme and presentation mode."""
        return presentation.restyle(fig, present=self.present, dark=self.dark)

    def _preset_card(self, values: Mapping[str, Any], *, predicting: bool = False) -> None:
        """The preset's title, explanation and source. While the class is predicting, the
        explanation (which tells the result) waits for the answer."""
        preset = self.presets.get(values["preset"])
        if preset is None:
            return
        with st.container(border=not self.present):
            st.subheader(preset.title)
            if predicting:
                st.markdown("*The explanation appears once the class has answered.*")
            else:
                st.markdown(preset.explanation)
            st.caption(f"Source: {preset.citation}")
            wanted = self.preset_values(preset)
            cfg_names = set(registry.settings(preset.config))
            changed = [self.state.param(n).label for n in wanted if n in cfg_names and values[n] != wanted[n]]
            if changed:
                st.markdown(f"*Changed since the preset: {', '.join(changed)}.*")
                st.button("Back to the preset", key=f"{self.page}.preset.reset",
                          on_click=self.apply_preset, args=(preset.name,))

    def _other_side(self, values: Mapping[str, Any]) -> tuple[dict, list[str]] | None:
        return compare_mod.other(values, self.presets, self.contrasts)

    def _player_controls(self, last: int, *, narrow: bool = False) -> None:
        state = self.state
        key = state.key("at")
        at = min(max(state.value("at"), 0), last)
        st.session_state[key] = at
        step = player.step_size(last)
        reduced = state.value("reduce_motion")
        moves = (("Start", "first_page", 0), ("Back", "chevron_left", max(0, at - step)),
                 ("Step", "chevron_right", min(last, at + step)), ("End", "last_page", last))
        cols = [*st.columns(2), *st.columns(2)] if narrow else st.columns(4)
        for col, (label, icon, target) in zip(cols, moves, strict=True):
            col.button(label, icon=f":material/{icon}:", key=f"{self.page}.player.{label.lower()}",
                       on_click=state.set, args=("at", target), use_container_width=True,
                       help=f"Show the chain up to generation {target:,}")
        if reduced:
            widgets.slider(state, "at", high=last)
        else:
            widgets.choice(state, "speed", horizontal=True)

    def stage(self, digest, *, figure: Callable[[Any], go.Figure], run: Callable[[Any], Any]) -> None:
        """Preset card, predict gate (stops the page until answered), then the player or the
        comparison chart. Call it after the run and before anything shows the result."""
        values = self.state.values()
        other = self._other_side(values) if values["compare"] != "off" else None
        play = values["play"]
        shows_chart = other is not None or play
        # On a projector the words and the buttons go beside the chart, so all of it fits the screen.
        side = self.present and shows_chart and values["preset"] in self.presets
        if values["room"] and self.answers:
            revealed = not values["predict"] or predict.guess(self.page, digest.config) is not None
            room_mod.projector(self.page, self.url_path, self.default_page, self.state, self.question, digest.config,
                               self.question.value(digest) if revealed else None, style=self.style)
        left, right = st.columns([1, 3], gap="medium") if side else (st.container(), st.container())
        predicting = (bool(values["predict"]) and self.question is not None
                      and predict.guess(self.page, digest.config) is None)
        with left:
            self._preset_card(values, predicting=predicting)
            if values["predict"] and self.question is not None:
                if not predict.gate(self.page, digest.config, digest, self.question):
                    st.stop()
        if not shows_chart:
            return
        fig = figure(digest)
        if other is not None:
            try:
                b_digest = run(self.config_from(other[0]))
            except WorkBudgetError as exc:
                st.error(f"The comparison is too much work for an interactive page: {exc}.")
                return
            # The same chart as the slide pack's (registry.PageSpec.comparison).
            _, fig, note = compare_mod.chart(self.state.params, values, other, lambda d, v: figure(d), digest, b_digest)
            with left:
                st.caption(note)
        fig = self.style(slim.figure(fig))  # what a screen can show (exports use the full data)
        # The stage is the one chart a room looks at: most of a 1080p screen when presenting.
        fig.update_layout(height=max(fig.layout.height or 0, 760 if self.present else 520))
        if play:
            last = int(digest.generations[-1])
            with left:
                self._player_controls(last, narrow=side)
            fig = player.animate(fig, last, self.state.value("at"), duration_ms=SPEEDS[values["speed"]],
                                 reduced=values["reduce_motion"], font_size=int(fig.layout.font.size or 15))
        with right:
            st.plotly_chart(fig, theme=None, key=f"{self.page}.stage", config={"displaylogo": False})


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
    state = PageState(spec.name, (*spec.params, *extra))
    room = Classroom(state, config_from=spec.config_from, contrasts=contrasts, question=spec.question,
                     hints=spec.preset_hints, url_path=spec.url_path,
                     default=spec.default)
    room._prefill()
    state.load()
    state.hidden = _hidden(state)
    presentation.register(state.key("present"))
    css = presentation.css(present=room.present)
    if room.restricted:
        css += "<style>.st-key-classroom_controls h2 { display: none; }</style>"
    st.html(css)
    script = presentation.theme_switch(state.value("theme"))
    if script:  # Streamlit's own light/dark theme, asked for in the address (one reload)
        st.html(script, unsafe_allow_javascript=True)
    return room
