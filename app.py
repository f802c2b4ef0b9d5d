"""Entry point: the router and the frame every page shares; nothing else."""

from pathlib import Path

# Plotly imports pandas lazily and trusts sys.modules: on a fresh server, a session building a
# figure while another session's thread was still importing pandas met a half-initialised module
# ("pandas has no attribute 'Series'"). An import statement waits for the first import to finish.
import pandas  # noqa: F401
import streamlit as st

from collapse_core import allocator
from collapse_ui import a11y, patches, phone_charts, registry
from collapse_ui.classroom import presentation

allocator.keep_freed_memory()  # once per process (collapse_ui.serve does it before its preload)
patches.install()  # every patch of Streamlit and Plotly, listed in collapse_ui/patches.py; idempotent

st.set_page_config(
    page_title="Model Collapse Explorer", layout="wide", initial_sidebar_state=presentation.sidebar_state()
)
phone_charts.install()  # every chart laid out again when drawn narrow (collapse_ui/phone_charts.js)

# The navigation comes from the UI registry, grouped in sections so that ten pages stay findable.
SECTIONS: dict[str, list] = {name: [] for name in registry.SECTIONS}
for spec in registry.nav_pages():
    title = getattr(spec, "nav_title", spec.title)
    if spec.default:
        # Streamlit serves the default page only at "/": its own path (/gaussian, what shared
        # links and exports use) would answer "Page not found" in every session but a fresh
        # server's first. A hidden twin of the page keeps that path alive.
        SECTIONS[spec.section].append(
            st.Page(spec.script, title=title, icon=spec.icon, url_path=f"{spec.url_path}-home", default=True)
        )
        SECTIONS[spec.section].append(
            st.Page(spec.script, title=title, icon=spec.icon, url_path=spec.url_path, visibility="hidden")
        )
    else:
        SECTIONS[spec.section].append(
            st.Page(spec.script, title=title, icon=spec.icon, url_path=spec.url_path)
        )
        # A page script is named as its family; where its URL path keeps an older name (the
        # categorical family at /vocabulary), the family's name answers too, hidden.
        stem = Path(spec.script).stem
        if stem != spec.url_path:
            SECTIONS[spec.section].append(
                st.Page(spec.script, title=title, icon=spec.icon, url_path=stem, visibility="hidden")
            )
a11y.page_css()  # hidden chart descriptions, readable slider values, focus ring, reduced motion
a11y.live_region()  # headline numbers and the player's generation, announced politely
page = st.navigation({name: pages for name, pages in SECTIONS.items() if pages}, position="top")

# A projector shows the page, not the title and introduction; a phone in a class's room shows
# the question only.
if not presentation.active() and not presentation.phone():
    with st.container(key="app_intro"):  # a phone's narrow screen hides it (presentation.css)
        st.title("Model Collapse Explorer")
        st.markdown(
            "What happens when a model learns from data made by an earlier model? Here a model is "
            "fitted to data, new data is drawn from that model, the next model is fitted to the new "
            "data, and so on. Generation after generation the models forget: the spread shrinks and "
            "rare events vanish. This is **model collapse**."
        )
        with st.expander("More: why this happens, and where it comes from"):
            st.markdown(
                "Every sample is a little less varied than the model it came from, and rare events are "
                "the first to go missing from a finite sample. A model fitted to that sample believes "
                "the world is a little narrower; its samples are narrower still. Small losses compound, "
                "like a photocopy of a photocopy. Mixing in real data, or keeping the older data "
                "instead of throwing it away, slows or stops the slide; this dashboard lets you try "
                "both.\n\n"
                "The idea and the Gaussian example follow Shumailov et al., "
                "[*The Curse of Recursion: Training on Generated Data Makes Models Forget*]"
                "(https://arxiv.org/abs/2305.17493) (2023), published as "
                "[*AI models collapse when trained on recursively generated data*]"
                "(https://doi.org/10.1038/s41586-024-07566-y), Nature 631 (2024)."
            )

page.run()
