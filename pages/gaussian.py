"""The Gaussian page: a bell curve refitted, generation after generation, to its own samples."""

import streamlit as st

from collapse_ui import page, registry, widgets
from collapse_ui.own_data.picker import data_picker


def controls(state) -> None:
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.choice(state, "estimator")
    widgets.real_data_and_runs(state)
    data_picker(state)
    st.header("Display")
    widgets.choice(state, "log_y", horizontal=True)
    widgets.slider(state, "show_generation", high=state.value("generations"), follow_end=True)


page.render(registry.get("gaussian"), controls)
