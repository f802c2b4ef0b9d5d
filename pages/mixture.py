"""The mixture page: a Gaussian mixture refitted by EM to its own samples loses its modes."""

import streamlit as st

from collapse_ui import page, registry, widgets
from collapse_ui.own_data.picker import data_picker


def controls(state) -> None:
    st.header("The truth")
    if not state.value("data"):  # your data (one column) is the truth, on a line
        widgets.choice(state, "dimension")
    widgets.slider(state, "components")
    if not state.value("data"):
        widgets.slider(state, "separation")
        widgets.slider(state, "minority_weight")
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.real_data_and_runs(state)
    data_picker(state)
    st.header("Display")
    widgets.slider(state, "show_generation", high=state.value("generations"), follow_end=True)


page.render(registry.get("mixture"), controls)
