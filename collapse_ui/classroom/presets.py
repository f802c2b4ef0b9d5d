"""Presets on a classroom page: a preset's values for the page's controls, applying one (every
control and so the URL), and a short `?preset=NAME` link filled in. (Its card is the stage's.)"""

from __future__ import annotations

import streamlit as st

from collapse_core import presets as preset_registry
from collapse_ui.classroom.context import Context
from collapse_ui.classroom.settings import CLASSROOM_NAMES, NO_PRESET
from collapse_ui.params import values_from_preset


def values(classroom: Context, preset: preset_registry.Preset) -> dict:
    """Every page control's value under a preset (the classroom's own settings left out)."""
    page_params = [p for n, p in classroom.state.params.items() if n not in CLASSROOM_NAMES]
    return values_from_preset(page_params, preset, classroom.hints)


def apply(classroom: Context, name: str) -> None:
    """Callback: set every control (and so the URL) to the preset's values."""
    state = classroom.state
    state.set("preset", name)
    if name == NO_PRESET or name not in classroom.presets:
        return
    preset = classroom.presets[name]
    for key, value in values(classroom, preset).items():
        state.set(key, value)
    state.set("compare", "preset" if preset.compare is not None else "off")
    state.set("at", 0)


def prefill(classroom: Context) -> None:
    """A short link (?preset=NAME without the settings) fills the missing ones from the preset."""
    name = str(st.query_params.get("preset", "")).strip().lower()
    if name not in classroom.presets:
        return
    preset = classroom.presets[name]
    fill = {**values(classroom, preset), "compare": "preset" if preset.compare is not None else "off"}
    for key, value in fill.items():
        if key not in st.query_params and classroom.state.key(key) not in st.session_state:
            st.session_state[classroom.state.key(key)] = value
