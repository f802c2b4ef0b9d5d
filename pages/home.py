import streamlit as st

st.title("Model Collapse Explorer")
st.write(
    "A model is fitted to data, the next generation's data is sampled from that model, "
    "the next model is fitted to it, and so on: the variance shrinks and the tails vanish."
)
