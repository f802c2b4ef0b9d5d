"""The phone's view of a data question: the teacher's prompt and a box for one value.

What the phone typed is checked by the store (collected.parse): not a number, out of range, too
long, empty or holding control characters gets a message naming the problem, and the box keeps
the text so nothing is lost. A word is shown back as plain text, never as Markdown or HTML.
"""

from __future__ import annotations

import re

import streamlit as st

from collapse_ui.classroom import collected, limits, room
from collapse_ui.classroom.answers import AnswerError, RoomQuestion, StorageError

PENDING_KEY = "_classroom.data_pending"  # (code, question key, text) to send in the script's flow
REPLY_KEY = "_classroom.data_reply"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&])")


def plain(text: str) -> str:
    """Text for st.markdown that shows as typed (every Markdown and HTML sign escaped)."""
    return _MARKDOWN.sub(r"\\\1", text)


def shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def send(shop, code: str, key: str, device_id: str, raw, *, address: str = "local") -> tuple:
    """What a phone's Send does for a data question, under the room's answer rate limit:
    (value kept, new?) or AnswerError with the message to show."""
    if not limits.ANSWERS.spend(address):
        raise AnswerError(
            f"Too many answers from this network just now; try again in "
            f"{limits.ANSWERS.wait_s(address):.0f} s."
        )
    return collected.give(shop, code, key, device_id, raw)


def view(shop, code: str, q: RoomQuestion, address: str) -> None:
    st.markdown(plain(q.text))
    _send_pending(shop, code, q.key, address)
    me = room.known_device(shop)
    try:
        mine = None if me is None else collected.value_of(shop, code, q.key, me)
    except AnswerError:
        mine = None
    said = st.session_state.pop(REPLY_KEY, None)
    if said is not None and said[0] != "ok":
        (st.warning if said[0] == "wait" else st.error)(said[1])
    if mine is not None:
        st.success("Your answer is in the class's data. Watch the projector.", icon=":material/check_circle:")
        st.text(shown(mine) + (f" {q.unit}" if q.unit and q.kind == "number" else ""))
        return
    box = f"phone.data.{q.key}"
    with st.form(key="phone_data", border=False):
        label = f"Your answer ({q.low:g} to {q.high:g}{' ' + q.unit if q.unit else ''})"
        st.text_input(
            label if q.kind == "number" else f"Your word (at most {collected.MAX_WORD} characters)",
            key=box,
            placeholder=f"{q.low:g}" if q.kind == "number" else "one word",
        )
        st.form_submit_button(
            "Send", type="primary", width="stretch", on_click=_on_send, args=(code, q.key, box)
        )


def _on_send(code: str, key: str, box: str) -> None:
    st.session_state[PENDING_KEY] = (code, key, st.session_state.get(box))


def _send_pending(shop, code: str, key: str, address: str) -> None:
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is None:
        return
    p_code, p_key, raw = pending
    if (p_code, p_key) != (code, key):
        st.session_state[REPLY_KEY] = ("no", "Your answer was not saved before the question changed.")
        return
    try:
        send(shop, code, key, room.device(shop, address), raw, address=address)
    except StorageError as exc:
        st.session_state[REPLY_KEY] = (
            "wait",
            f"Not saved yet: {exc} Your answer is still in the box: send it again.",
        )
    except AnswerError as exc:
        st.session_state[REPLY_KEY] = ("no", str(exc))
    else:
        st.session_state[REPLY_KEY] = ("ok", "")
