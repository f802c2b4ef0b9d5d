"""The digits page: handwritten digits regenerated from their own samples blur into average shapes."""

import streamlit as st

from collapse_ui import page, registry, widgets
from collapse_ui.families import digits


def controls(state) -> None:
    st.header("The model")
    widgets.choice(state, "class_prior")
    widgets.slider(state, "components")
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.real_data_and_runs(state)


def notes(digest, values) -> None:
    with st.expander("The model, why this one, and how each chart is measured"):
        st.markdown(digits.model_notes(digest))


page.render(registry.get("digits"), controls, after=notes)
