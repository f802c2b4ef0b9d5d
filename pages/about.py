"""How it works: the controls and the charts in plain words, for a teacher or a curious visitor."""

import streamlit as st

from collapse_ui import about

st.header("How it works")
try:
    dark = st.context.theme.type == "dark"
except Exception:  # no browser session (AppTest): the light look
    dark = False
st.markdown(about.text(dark))
