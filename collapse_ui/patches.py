"""Every patch of third-party behaviour the app makes, in one place. The launcher
(collapse_ui.serve) calls `install(static_folder=True)` before Streamlit starts; app.py calls
`install()` at the top of every run. Installing twice changes nothing.

1. `plotly.io.to_json` remembers its text for the figure dicts figures/sendable.py hands to
   st.plotly_chart (a guarded wrapper: every other call passes through unchanged). The
   encoding was 6% of the server's time under the 30-session load.
2. Memo attributes hung on shared Plotly figures: the dict sendable.prepared sends
   (`_mce_sent_dict`) and chart._styled's restyled copies (`_mce_styled`). Off: every send
   converts afresh and every restyle rebuilds.
3. Streamlit's legacy `pages/` mode (`PagesManager.uses_pages_directory`, a private class
   attribute): Streamlit decides once per process, at its first session, whether the app uses
   the `pages/` directory; while it does, a request for /about runs pages/about.py alone,
   without app.py's frame and page list (a shared link opened right after a restart). The
   patch keeps it off: set now, and again after every PagesManager is made (Streamlit's
   AppTest resets the flag on every run). The launcher installs it before the first session.
   Under a plain `streamlit run app.py`,
   the one import every page script makes (collapse_ui's `__init__`) calls `keep_router()`:
   in that state it switches legacy mode off and reruns, so app.py's st.navigation serves the
   same URL.
4. Streamlit's static folder is served from a copy whose index.html asks for the chart
   library from its first line (collapse_ui/static_hint.py); the launcher only.

COLLAPSE_NO_PATCHES=1 in the environment turns all of them off (Streamlit and Plotly then
behave as shipped: slower, and a cold deep link may show the page without the app's frame).
"""

from __future__ import annotations

import os
import sys

SWITCH = "COLLAPSE_NO_PATCHES"


def enabled() -> bool:
    """Whether patches are on (COLLAPSE_NO_PATCHES unset, empty or 0)."""
    return os.environ.get(SWITCH, "").strip().lower() in ("", "0", "false", "no")


def install(static_folder: bool = False) -> list[str]:
    """Install every patch that is not in place yet; returns the names of those installed now.
    `static_folder`: also serve the hinted static folder (before Streamlit's server starts)."""
    if not enabled():
        return []
    done = []
    if _plotly_json():
        done.append("plotly.io.to_json")
    if _figure_memos():
        done.append("figure memos")
    if _legacy_pages_off():
        done.append("legacy pages mode")
    if static_folder and _static_folder():
        done.append("static folder")
    return done


def _plotly_json() -> bool:
    import plotly.io as pio

    from collapse_ui.figures import sendable

    if hasattr(pio.to_json, "original"):
        return False
    pio.to_json = sendable.remembering(pio.to_json)
    return True


def _figure_memos() -> bool:
    from collapse_ui.figures import sendable

    if sendable.MEMOS:
        return False
    sendable.MEMOS = True
    return True


def _legacy_pages_off() -> bool:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy switch has nothing to guard
        return False
    if not hasattr(PagesManager, "uses_pages_directory"):
        return False
    PagesManager.uses_pages_directory = False
    if hasattr(PagesManager.__init__, "original"):
        return False
    original = PagesManager.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False  # the app routes with st.navigation only

    __init__.original = original
    PagesManager.__init__ = __init__
    return True


_static_done: list[bool] = []


def _static_folder() -> bool:
    if _static_done:
        return False
    from collapse_ui import static_hint

    _static_done.append(static_hint.install())
    return _static_done[0]


def keep_router() -> None:
    """In a page script run in legacy pages mode (the first session of a plain `streamlit run`
    was a deep link): switch it off and rerun, so app.py's router serves the URL. Outside a
    Streamlit server, or with patches off, nothing."""
    pages_manager = sys.modules.get("streamlit.runtime.pages_manager")
    if pages_manager is None or not enabled():
        return
    if getattr(pages_manager.PagesManager, "uses_pages_directory", False):
        _legacy_pages_off()
        import streamlit as st

        st.rerun()
