"""The multivariate Gaussian page: an ellipse (or ellipsoid) refitted to its own samples."""

import streamlit as st

from collapse_ui import page, registry, widgets


def controls(state) -> None:
    st.header("The truth")
    widgets.slider(state, "dimension")
    widgets.ladder_slider(state, "condition_number")
    widgets.slider(state, "rotation")
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.choice(state, "estimator")
    widgets.real_data_and_runs(state)
    st.header("Display")
    widgets.choice(state, "log_y", horizontal=True)


page.render(registry.get("multivariate"), controls)
