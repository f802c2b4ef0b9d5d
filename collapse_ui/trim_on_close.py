"""Hand memory back to the kernel when a session's state is freed (glibc keeps freed heap
pages otherwise: collapse_core/allocator.py). Streamlit keeps a closed session for a while
for a reconnect, then drops it; a marker object in its session state is collected with it,
and its finalizer asks for a trim on a background thread."""

from __future__ import annotations

import weakref

import streamlit as st

from collapse_core import allocator

_KEY = "_collapse_trim_marker"


class _Marker:
    __slots__ = ("__weakref__",)


def arm() -> None:
    """Once per session: trim after this session's state is gone."""
    if _KEY in st.session_state:
        return
    marker = _Marker()
    weakref.finalize(marker, allocator.trim_soon).atexit = False
    st.session_state[_KEY] = marker
