"""Streamlit and Plotly glue shared by the pages. Imports collapse_core, never the other way.

Modules that need no Streamlit (testable on their own):
    palette     Okabe-Ito colours and the role each plays in every chart
    params      typed URL parameter specs and the pure query-string parser
    digest      the compact, cacheable summary of a Result that charts are drawn from
    headlines   the headline kind and number formats every family shares
    figures/    chart code every family shares (style, bands, slimming, sending)
    families/   one package per family: page spec, settings, digest.py, figures/
    registry    the page registry (one PageSpec per family, plus About and Research)
    patches     every patch of Streamlit and Plotly, installed by the launcher and app.py

Modules that talk to Streamlit:
    url_state   PageState: a page's settings kept in session state and the URL query string
    widgets     one helper per widget kind, driven by a parameter spec
    cache       the cached run wrapper (st.cache_data on the frozen config and engine)
    preload_store / preload   the preloaded pictures, and the warmer that fills them
"""

from collapse_ui import patches

# Every page script imports collapse_ui: under a plain `streamlit run`, a cold deep link in
# Streamlit's legacy pages mode is sent back to app.py's router from here (patches.py says why).
patches.keep_router()
