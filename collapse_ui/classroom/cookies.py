"""Cookies of the browser session: read from the request that opened the session
(`st.context.cookies`), written by a line of JavaScript in the page (Streamlit cannot set a
cookie from the server), so a written cookie is seen from the next session of that browser on.
"""

from __future__ import annotations

import json
import re

import streamlit as st

_PENDING = "_classroom.cookies"  # cookies asked for in a callback, written by the next flush()
_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")
_VALUE = re.compile(r"[A-Za-z0-9_.\-]{0,200}")


def read() -> dict[str, str]:
    """The cookies the browser sent ({} without a browser, e.g. AppTest)."""
    try:
        return dict(st.context.cookies)
    except Exception:  # no client context
        return {}


def write(name: str, value: str, *, max_age_s: int) -> None:
    """Ask the browser to keep a cookie for this site (SameSite=Lax, the whole path)."""
    if not _NAME.fullmatch(name) or not _VALUE.fullmatch(value):
        raise ValueError("cookie names and values are plain tokens")
    text = json.dumps(f"{name}={value}; path=/; max-age={int(max_age_s)}; SameSite=Lax")
    st.html(f"<script>document.cookie = {text};</script>", unsafe_allow_javascript=True)


def later(name: str, value: str, *, max_age_s: int) -> None:
    """Write a cookie from a widget callback: an element drawn there would land above the page,
    so the next `flush()` in the script's own flow writes it."""
    st.session_state.setdefault(_PENDING, []).append((name, value, max_age_s))


def flush() -> None:
    """Write the cookies `later` asked for."""
    for name, value, max_age_s in st.session_state.pop(_PENDING, []):
        write(name, value, max_age_s=max_age_s)
