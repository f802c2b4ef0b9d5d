"""The regression page: least squares refitted on labels made by the previous fit."""

import streamlit as st

from collapse_ui import page, registry, widgets


def controls(state) -> None:
    st.header("The model")
    widgets.slider(state, "dimension")
    widgets.slider(state, "noise")
    widgets.slider(state, "minority_share")
    widgets.slider(state, "group_gap")
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.real_data_and_runs(state)


page.render(registry.get("regression"), controls)
