"""Entry point: the router and the frame every page shares; nothing else."""

import streamlit as st

st.set_page_config(page_title="Model Collapse Explorer", layout="wide")

home = st.Page("pages/home.py", title="Model collapse", default=True)
st.navigation([home]).run()
