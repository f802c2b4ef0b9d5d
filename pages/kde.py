"""The KDE page: a kernel density estimate refitted on its own samples."""

import streamlit as st

from collapse_ui import page, registry, widgets
from collapse_ui.own_data.picker import data_picker


def controls(state) -> None:
    st.header("The model")
    widgets.choice(state, "bandwidth_rule")
    if state.value("bandwidth_rule") == "fixed":
        widgets.slider(state, "bandwidth")
    if not state.value("data"):  # with your data, the data is the truth's shape
        widgets.choice(state, "truth_shape")
        if state.value("truth_shape") == "mixture":
            widgets.slider(state, "separation")
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.real_data_and_runs(state)
    data_picker(state)


page.render(registry.get("kde"), controls)
