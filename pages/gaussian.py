"""The Gaussian page: a bell curve refitted, generation after generation, to its own samples."""

import streamlit as st

from collapse_ui import page, registry, widgets
from collapse_ui.own_data.picker import data_picker


def remedies(state) -> None:
    # Never disabled: a weighting the other settings refuse must stay switchable back to pooled.
    widgets.choice(state, "weighting")
    widgets.slider(state, "real_weight", disabled=state.value("weighting") != "weighted")
    st.header("Correct the synthetic data")
    widgets.slider(state, "correction")
    st.header("Verify the synthetic data")
    widgets.slider(state, "verifier_width")
    widgets.slider(state, "verifier_centre", disabled=state.value("verifier_width") == 0)


def controls(state) -> None:
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.choice(state, "estimator")
    widgets.real_data_and_runs(state, between=remedies)
    data_picker(state)
    st.header("Display")
    widgets.choice(state, "log_y", horizontal=True)
    widgets.slider(state, "show_generation", high=state.value("generations"), follow_end=True)


page.render(registry.get("gaussian"), controls)
