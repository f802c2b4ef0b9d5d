"""Widgets driven by parameter specs: label, help, range and options all come from the spec.

Each helper draws one widget keyed by `state.key(name)`, so its value lives in session state
(filled by PageState.load) and reaches the URL at PageState.save. No helper passes `value=`:
Streamlit warns when a widget gets both a value argument and a session-state value.
A setting named in `state.hidden` (classroom hide flags) draws nothing and returns its value.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from collapse_core.streams import fresh_seed
from collapse_ui.params import BoolParam, ChoiceParam, FloatParam, IntParam, LadderParam
from collapse_ui.url_state import PageState


def _spec(state: PageState, name: str, kind: type | tuple[type, ...]) -> Any:
    param = state.param(name)
    if not isinstance(param, kind):
        raise TypeError(f"setting {name!r} is a {type(param).__name__}; this widget needs {kind}")
    return param


def _common(state: PageState, name: str) -> dict:
    param = state.param(name)
    key = state.key(name)
    # Streamlit gives a widget a new identity when its range, options or disabled flag change,
    # and a new widget starts from its own default. Re-assigning the value through the
    # session-state API first makes the new widget start from the current value instead.
    st.session_state[key] = st.session_state[key]
    return {"label": param.label, "help": param.help, "key": key}


def slider(
    state: PageState,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    follow_end: bool = False,
    **kw,
):
    """A number on a linear slider. `low`/`high` narrow the spec's range for this run (e.g. a
    generation picker bounded by the current number of generations); the value is clamped into it.
    With `follow_end`, a value sitting at the old upper end moves to the new one when it grows
    (a picker on the last generation stays on the last generation)."""
    param = _spec(state, name, (IntParam, FloatParam))
    low = param.low if low is None else low
    high = param.high if high is None else high
    key = state.key(name)
    last_high = f"_high.{key}"
    # The picker's default is the default run's end: a link that gives the run's length but
    # not the picker means "the end" too (not generation 200 of a 5,000-generation run).
    first_from_link = (
        last_high not in st.session_state
        and name not in st.query_params
        and st.session_state[key] == param.default
    )
    if follow_end and (st.session_state.get(last_high) == st.session_state[key] or first_from_link):
        st.session_state[key] = high
    st.session_state[last_high] = high
    st.session_state[key] = min(max(st.session_state[key], low), high)
    if name in state.hidden:  # clamped like a drawn one: its value still applies
        return state.value(name)
    step = param.step if isinstance(param, FloatParam) else 1
    return st.slider(min_value=low, max_value=high, step=step, **_common(state, name), **kw)


def ladder_slider(state: PageState, name: str, *, high: int | None = None, **kw) -> int:
    """A whole number from fixed steps, e.g. 1-2-5 per decade: a log-scaled slider. `high`
    drops the steps above it for this run (e.g. a vocabulary size bounded by the word list);
    the value is clamped to the highest step left."""
    param = _spec(state, name, LadderParam)
    options = param.options if high is None else tuple(v for v in param.options if v <= high)
    key = state.key(name)
    st.session_state[key] = min(st.session_state[key], options[-1])
    if name in state.hidden:
        return state.value(name)
    return st.select_slider(options=options, format_func=param.show, **_common(state, name), **kw)


def choice(state: PageState, name: str, **kw) -> str:
    """One of a few options, all visible at once (radio buttons)."""
    param = _spec(state, name, ChoiceParam)
    if name in state.hidden:
        return state.value(name)
    return st.radio(options=param.options, format_func=param.show, **_common(state, name), **kw)


def select(state: PageState, name: str, *, options: tuple | list | None = None, **kw) -> str:
    """One of many options, in a drop-down; `options` narrows the spec's for this run."""
    param = _spec(state, name, ChoiceParam)
    if name in state.hidden:
        return state.value(name)
    return st.selectbox(
        options=param.options if options is None else options,
        format_func=param.show,
        **_common(state, name),
        **kw,
    )


def toggle(state: PageState, name: str, **kw) -> bool:
    _spec(state, name, BoolParam)
    if name in state.hidden:
        return state.value(name)
    return st.toggle(**_common(state, name), **kw)


def seed_input(state: PageState, name: str = "seed") -> int:
    """The seed as a number field, with a button that draws a new one."""
    param = _spec(state, name, IntParam)
    if name in state.hidden:
        return state.value(name)
    value = st.number_input(min_value=param.low, max_value=param.high, step=1, **_common(state, name))
    st.button(
        "New seed",
        key=f"{state.key(name)}.new",
        help="Draw a new random seed: the same settings, a different run of chance.",
        on_click=lambda: state.set(name, fresh_seed() % (param.high + 1)),
    )
    return value


def decoding(state: PageState) -> None:
    """The decoding knobs (chain_params.DECODING) of a page whose models write words."""
    st.header("Decoding")
    for name in ("temperature", "top_k", "top_p"):
        slider(state, name)


def real_data_and_runs(state: PageState, between=None) -> None:
    """The controls every chain page shares: the real-data mix, then the replicates and seed;
    `between(state)` draws a page's own controls after the real-data mix (e.g. remedies)."""
    st.header("Real data")
    slider(state, "real_fraction")
    choice(state, "real_source", disabled=state.value("real_fraction") == 0)
    if between is not None:
        between(state)
    st.header("Runs")
    ladder_slider(state, "replicates")
    seed_input(state)
