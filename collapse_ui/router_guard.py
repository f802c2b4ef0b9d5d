"""Keep the router in charge when a fresh server's first request is a deep link.

Streamlit decides once per process, at the first session, whether the app uses the legacy
`pages/` directory: while no script has called st.navigation yet, a request for /about runs
pages/about.py on its own, without app.py's frame and page list (seen with Streamlit 1.67 on
a shared link opened right after a restart). Each page calls `ensure()` first: in that state
it switches legacy mode off and reruns, so app.py's st.navigation serves the same URL.
"""

from __future__ import annotations

import streamlit as st


def ensure() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy switch has nothing to guard
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
