"""Streamlit and Plotly glue shared by the pages. Imports collapse_core, never the other way.

Modules that need no Streamlit (testable on their own):
    palette     Okabe-Ito colours and the role each plays in every chart
    params      typed URL parameter specs and the pure query-string parser
    digest      the compact, cacheable summary of a Result that charts are drawn from
    headlines   headline numbers read off a digest
    figures/    digest -> go.Figure builders, one module per chart
    gaussian    the Gaussian page's parameter specs, config builder and chart captions

Modules that talk to Streamlit:
    url_state   PageState: a page's settings kept in session state and the URL query string
    widgets     one helper per widget kind, driven by a parameter spec
    cache       the cached run wrapper (st.cache_data on the frozen config and engine)
"""

from collapse_ui import patches

# Every page script imports collapse_ui: under a plain `streamlit run`, a cold deep link in
# Streamlit's legacy pages mode is sent back to app.py's router from here (patches.py says why).
patches.keep_router()
