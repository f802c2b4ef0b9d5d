"""The phone's view of a class room: the room's current question and a box for the answer.

An answer that cannot be stored now (the database locked, read-only, lost) is kept in the
session and sent again on every rerun (the watcher reruns the view every few seconds) until it
is stored, or, after MAX_TRIES, the phone says it was not saved. The insert is keyed on the
device, so an answer sent twice is counted once.
"""

from __future__ import annotations

import time

import streamlit as st

from collapse_ui.classroom import assets, phone_data, room
from collapse_ui.classroom.answers import AnswerError, StorageError

REPLY_KEY = "_classroom.reply"
PENDING_KEY = "_classroom.pending"  # (code, question key, value, tries, last try's time) not yet stored
# The phones' watch for a new question: slower than the projector's, since thirty phones polling
# every 2 s would be 15 fragment reruns a second on a small server; a new question may take 5 s.
PHONE_REFRESH_S = 5.0
MAX_TRIES = 12  # about a minute of retries at the watcher's pace


def view(state) -> None:
    """The phone's whole page."""
    code = state.value("room")
    st.html(f"<style>{assets.text('phone.css')}</style>")
    shop = room.store()
    address = room.client_address()
    with st.container(key="phone_view"):
        try:
            q = room.lookup(shop, code, address)
        except AnswerError as exc:
            st.error(str(exc), icon=":material/meeting_room:")
            if isinstance(exc, StorageError):
                _watch(code, "unavailable")
            return
        st.subheader(f"Room {code}", anchor=False)  # no 16 px anchor link: targets stay 24 px
        if q is None:
            st.info("Waiting for the teacher's question…", icon=":material/hourglass_top:")
            _watch(code, None)
            return
        if q.kind != "guess":  # the class's own data: one value per phone
            phone_data.view(shop, code, q, address)
            _watch(code, q.key)
            return
        st.markdown(q.text)
        _send_pending(shop, code, q.key, address)
        me = room.known_device(shop)
        try:
            mine = None if me is None else shop.answer_of(code, q.key, me)
        except AnswerError:
            mine = None
        box = f"phone.guess.{q.key}"
        with st.form(key="phone_answer", border=False):
            st.number_input(
                f"Your guess ({q.unit})",
                min_value=q.low,
                max_value=q.high,
                value=mine,
                step=1.0,
                format="%.1f",
                key=box,
                placeholder=f"{q.low:g} to {q.high:g}",
            )
            st.form_submit_button(
                "Send" if mine is None else "Change my answer",
                type="primary",
                width="stretch",
                on_click=_on_send,
                args=(code, q.key, box),
            )
        said = st.session_state.pop(REPLY_KEY, None)
        if said is not None:
            kind, text = said
            {"ok": st.success, "wait": st.warning, "no": st.error}[kind](
                text, icon=":material/check_circle:" if kind == "ok" else None
            )
        elif mine is not None:
            st.success(f"Your answer: **{mine:g}{q.unit}**.", icon=":material/check_circle:")
        _watch(code, q.key)


def _on_send(code: str, key: str, box: str) -> None:
    """The Send button's callback: the answer becomes the pending one (the view sends it)."""
    guess = st.session_state.get(box)
    if guess is None:
        st.session_state[REPLY_KEY] = ("no", "Type a number first.")
        return
    st.session_state[PENDING_KEY] = (code, key, guess, 0, 0.0)


def _send_pending(shop, code: str, key: str, address: str) -> None:
    pending = st.session_state.get(PENDING_KEY)
    if pending is None:
        return
    p_code, p_key, value, tries, _ = pending
    if (p_code, p_key) != (code, key):  # the teacher moved on: that question is over
        st.session_state.pop(PENDING_KEY)
        st.session_state[REPLY_KEY] = ("no", "Your answer was not saved before the question changed.")
        return
    try:
        text = room.send(shop, code, key, room.device(shop, address), value, address=address)
    except StorageError as exc:
        if tries + 1 >= MAX_TRIES:
            st.session_state.pop(PENDING_KEY)
            st.session_state[REPLY_KEY] = ("no", f"Your answer was not saved. {exc} Send it again.")
        else:
            st.session_state[PENDING_KEY] = (code, key, value, tries + 1, time.monotonic())
            st.session_state[REPLY_KEY] = ("wait", f"Not saved yet: {exc} Trying again in a few seconds…")
        return
    except AnswerError as exc:
        st.session_state.pop(PENDING_KEY)
        st.session_state[REPLY_KEY] = ("no", str(exc))
        return
    st.session_state.pop(PENDING_KEY)
    st.session_state[REPLY_KEY] = ("ok", text)


@st.fragment(run_every=PHONE_REFRESH_S)
def _watch(code: str, key: str | None) -> None:
    """Rerun the phone's view when the teacher moves on to another question (or closes the room),
    and while an answer waits to be stored."""
    pending = st.session_state.get(PENDING_KEY)
    # Only a timed rerun of the fragment retries (it also runs inside each full run, which has
    # just tried): at most one try per PHONE_REFRESH_S.
    if pending is not None and time.monotonic() - pending[4] >= 0.8 * PHONE_REFRESH_S:
        st.rerun(scope="app")
    try:
        q = room.store().current(code)
        now = q.key if q else None
    except StorageError:
        now = "unavailable"
    except AnswerError:
        now = "closed"
    if now != key:
        st.rerun(scope="app")
