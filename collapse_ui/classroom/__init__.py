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

`enable` replaces `PageState(...)` + `state.load()`. `stage` draws the preset card (and its guided
tour, tours.py), holds the result back until the class has predicted (st.stop), draws the player /
comparison chart and the presenter's console (console.py: the player bar and the keys). Whatever
shows the end of the chain goes in `with room.results():`, hidden while the player is short of it.
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
from collapse_ui.classroom import console, phone, player, predict, presentation, projector, room, tours
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
        self._held_answer: float | None = None  # the room's answer, held back by the player
        # The room's secret if this browser opened the room (set once the URL is read): only
        # then is it the projector.
        self.secret: str | None = None

    # ------------------------------------------------------------------ settings

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

    def phone_view(self) -> None:
        """The phone's whole page (instead of the simulation)."""
        phone.view(self.state)

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
        else:
            # The presenter's bar: the settings and a visible way out, side by side.
            panel, leave = st.columns([4, 1], vertical_alignment="top")
            with leave.container(key=console.EXIT_KEY):
                st.button("Leave presentation", icon=":material/close_fullscreen:", key=f"{self.page}.present.exit",
                          on_click=self.state.set, args=("present", False), use_container_width=True,
                          help="Back to the normal page (key: Esc). P switches presentation on and off.")
            if self.restricted:
                outer = panel.container(border=True, key="classroom_controls")
            else:
                outer = panel.expander("Settings", expanded=False, icon=":material/tune:").container(
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
            if projector.ERROR_KEY in st.session_state:
                st.error(st.session_state.pop(projector.ERROR_KEY))
            if state.value("room") and self.secret:
                st.button(f"Close room {state.value('room')}", key=f"{self.page}.room.close",
                          icon=":material/logout:", on_click=projector.close, args=(state, self.secret),
                          help="Ends the class's answers; the room's answers are deleted.")
            else:
                st.button("Start a class room", key=f"{self.page}.room.start", icon=":material/qr_code_2:",
                          on_click=projector.start, args=(state,),
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

    @property
    def style_key(self) -> tuple[bool, bool]:
        """What `style` depends on: equal keys restyle a figure the same way."""
        return (self.present, self.dark)

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
            if self.tour_step() is not None:  # the tour's words replace the explanation (and its spoilers)
                self._tour_box(preset)
                st.caption(f"Source: {preset.citation}")
                return
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
            if not predicting:
                self._tour_box(preset)

    def _other_side(self, values: Mapping[str, Any]) -> tuple[dict, list[str]] | None:
        return compare_mod.other(values, self.presets, self.contrasts)

    def _player_controls(self, last: int, *, narrow: bool = False) -> None:
        """The player's server-side controls. Animated, only the speed: Start/Back/Play/Step/End
        live in the browser (console.py), on the animation's one position. Reduced motion: Step
        buttons and a scrubber, on the server's position (`at`), redrawn without transition."""
        state = self.state
        if not state.value("reduce_motion"):
            widgets.choice(state, "speed", horizontal=True)
            return
        key = state.key("at")
        at = min(max(state.value("at"), 0), last)
        st.session_state[key] = at
        step = player.step_size(last)
        moves = (("Start", "first_page", 0), ("Back", "chevron_left", max(0, at - step)),
                 ("Step", "chevron_right", min(last, at + step)), ("End", "last_page", last))
        cols = [*st.columns(2), *st.columns(2)] if narrow else st.columns(4)
        for col, (label, icon, target) in zip(cols, moves, strict=True):
            col.button(label, icon=f":material/{icon}:", key=f"{self.page}.player.{label.lower()}",
                       on_click=state.set, args=("at", target), use_container_width=True,
                       help=f"Show the chain up to generation {target:,}")
        widgets.slider(state, "at", high=last)

    # ------------------------------------------------------------------ tour

    def _tour_key(self) -> str:
        return f"_classroom.{self.page}.tour"

    def _tour_go(self, name: str, index: int) -> None:
        """Callback: show step `index` of the preset's tour (past either end: leave the tour)."""
        steps = tours.tour(self.presets[name])
        if not 0 <= index < len(steps):
            st.session_state.pop(self._tour_key(), None)
            return
        self.apply_preset(name)
        for key, value in tours.settings_at(steps, index).items():
            self.state.set(key, value)
        if steps[index].play or steps[index].reveal:
            self.state.set("play", True)
        st.session_state[self._tour_key()] = index
        st.session_state[self._tour_key() + ".go"] = st.session_state.get(self._tour_key() + ".go", 0) + 1

    def tour_step(self) -> tuple[int, tours.Step] | None:
        """The tour step on screen, if a tour of the current preset is running."""
        preset = self.presets.get(self.state.value("preset"))
        index = st.session_state.get(self._tour_key())
        if preset is None or index is None:
            return None
        steps = tours.tour(preset)
        return (index, steps[index]) if index < len(steps) else None

    def _tour_box(self, preset: registry.Preset) -> None:
        steps = tours.tour(preset)
        now = self.tour_step()
        if now is None:
            with st.container(key=console.TOUR_NEXT_KEY):  # N starts it too
                st.button("Start the guided tour", icon=":material/tour:", key=f"{self.page}.tour.start",
                          on_click=self._tour_go, args=(preset.name, 0),
                          help=f"{len(steps)} steps; N goes to the next one, B back.")
            return
        index, step = now
        with st.container(border=True, key="tour_box"):
            st.markdown(f"**Tour, step {index + 1} of {len(steps)}**")
            st.markdown(step.say)
            back, nxt = st.columns(2)
            with back.container(key=console.TOUR_BACK_KEY):
                st.button("Back", icon=":material/undo:", key=f"{self.page}.tour.back", use_container_width=True,
                          on_click=self._tour_go, args=(preset.name, index - 1), help="Previous step (key: B)")
            with nxt.container(key=console.TOUR_NEXT_KEY):
                last = index + 1 == len(steps)
                st.button("End the tour" if last else "Next", icon=":material/redo:", key=f"{self.page}.tour.next",
                          type="primary", use_container_width=True, on_click=self._tour_go,
                          args=(preset.name, index + 1), help="Next step (key: N)")

    # ------------------------------------------------------------------ stage

    @property
    def hides_results(self) -> bool:
        """The player is on: the results wait until the chain has played to its end."""
        return bool(self.state.value("play"))

    @contextlib.contextmanager
    def results(self) -> Iterator[None]:
        """Where the page draws what shows the end of the chain (headlines, theory, charts). With
        the player on, it stays hidden until the played generation is the last (console.py)."""
        if not self.hides_results:
            yield
            return
        with st.container(key=f"{console.SPOILERS_KEY}_note"):
            st.caption("The headlines and the other charts appear when the chain has played to its end "
                       "(End, or the R key).")
        with st.container(key=console.SPOILERS_KEY):
            if self._held_answer is not None:
                st.metric("The simulation's answer to the class's question",
                          f"{self._held_answer:.3g}{self.question.unit}", border=True)
            yield

    def _console(self, *, last: int = 0, animated: bool = False) -> None:
        """The keyboard shortcuts, and with the animated player its bar (console.py)."""
        step = self.tour_step()
        go_count = st.session_state.pop(self._tour_key() + ".go", 0)
        c = console.Console(present_key=self.state.key("present"), play_key=self.state.key("play"), player=animated,
                            step=player.step_size(last) if last else 1, present=self.present, dark=self.dark,
                            autoplay=bool(go_count and step and step[1].play),
                            reveal=bool(go_count and step and step[1].reveal),
                            token=f"{go_count}")
        if c.player:  # the bar: as tall as its buttons, wrapped on a phone
            st.iframe(console.html(c), height="content")
        else:
            with st.container(key="presenter_keys"):
                st.iframe(console.html(c), height=1)

    def stage(self, digest, *, figure: Callable[[Any], go.Figure], run: Callable[[Any], Any]) -> None:
        """Preset card, tour, predict gate (stops the page until answered), then the player or the
        comparison chart, and the presenter's console. Call it after the run and before anything
        shows the result."""
        if self.hides_results:
            st.html(console.spoiler_css())
        if not self._stage(digest, figure=figure, run=run):
            self._console()  # the keys alone

    def _stage(self, digest, *, figure: Callable[[Any], go.Figure], run: Callable[[Any], Any]) -> bool:
        """Everything `stage` draws; True if it drew the player's console."""
        values = self.state.values()
        other = self._other_side(values) if values["compare"] != "off" else None
        play = values["play"]
        last = int(digest.generations[-1])
        shows_chart = other is not None or play
        # On a projector the words and the buttons go beside the chart, so all of it fits the screen.
        preset = self.presets.get(values["preset"])
        side = self.present and shows_chart and preset is not None
        if values["room"] and self.answers and self.secret:
            revealed = not values["predict"] or predict.guess(self.page, digest.config) is not None
            answer = self.question.value(digest) if revealed else None
            if self.hides_results and answer is not None:
                # The answer is the end of the chain: it waits among the results (see `results`).
                self._held_answer = answer * self.question.scale
                answer = None
            projector.panel(self.page, self.url_path, self.default_page, self.state, self.secret, self.question,
                            digest.config, answer, style=self.style)
        left, right = st.columns([1, 3], gap="medium") if side else (st.container(), st.container())
        predicting = (bool(values["predict"]) and self.question is not None
                      and predict.guess(self.page, digest.config) is None)
        with left:
            self._preset_card(values, predicting=predicting)
            if values["predict"] and self.question is not None:
                if not predict.gate(self.page, digest.config, digest, self.question):
                    self._console()
                    st.stop()
        if not shows_chart:
            return False
        fig = figure(digest)
        if other is not None:
            try:
                b_digest = run(self.config_from(other[0]))
            except WorkBudgetError as exc:
                st.error(f"The comparison is too much work for an interactive page: {exc}.")
                return False
            # The same chart as the slide pack's (registry.PageSpec.comparison).
            _, fig, note = compare_mod.chart(self.state.params, values, other, lambda d, v: figure(d), digest, b_digest)
            with left:
                st.caption(note)
        fig = self.style(slim.figure(fig))  # what a screen can show (exports use the full data)
        # The stage is the one chart a room looks at: most of a 1080p screen when presenting.
        fig.update_layout(height=max(fig.layout.height or 0, (680 if play else 760) if self.present else 520))
        animated = False
        if play:
            with left:
                self._player_controls(last, narrow=side)
            animated = not values["reduce_motion"]
            fig = player.animate(fig, last, self.state.value("at"), duration_ms=SPEEDS[values["speed"]],
                                 reduced=values["reduce_motion"], font_size=int(fig.layout.font.size or 15))
        with right:
            with st.container(key=console.STAGE_KEY):
                st.plotly_chart(fig, theme=None, key=f"{self.page}.stage", config={"displaylogo": False})
            if play:  # the bar under the chart it drives
                self._console(last=last, animated=animated)
        return play

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
    classroom = Classroom(state, config_from=spec.config_from, contrasts=contrasts, question=spec.question,
                          hints=spec.preset_hints, url_path=spec.url_path, default=spec.default)
    classroom._prefill()
    state.load()
    state.hidden = _hidden(state)
    code = state.value("room")
    classroom.secret = room.owner_secret(code) if code else None
    presentation.register(state.key("present"))
    css = presentation.css(present=classroom.present)
    if classroom.restricted:
        css += "<style>.st-key-classroom_controls h2 { display: none; }</style>"
    st.html(css)
    script = presentation.theme_switch(state.value("theme"))
    if script:  # Streamlit's own light/dark theme, asked for in the address (one reload)
        st.html(script, unsafe_allow_javascript=True)
    return classroom
