"""The teacher's "collect data" mode of a class room: instead of a guess the phones each send one
value (a prompt from class_data.PROMPTS or the teacher's own), the projector shows them arriving
(a histogram of numbers, the top words), and one button makes the class's data the page's truth.

The switch stores the values (class_data.switch_truth) and puts their hash in the page's `data`
setting when the page has one; a page without it says what it would run on and runs as before.
"""

from __future__ import annotations

import html
from collections import Counter

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from collapse_ui import palette, public_url
from collapse_ui.classroom import class_data, collected, phone_data, projector, room
from collapse_ui.classroom.answers import AnswerError, StorageError
from collapse_ui.classroom.class_data import FREE, PROMPTS, Prompt

MODES = ("a guess", "data")
USED_KEY = "_classroom.collect.used"  # {page: (hash, count, prompt)} after the switch
BINS = 20
TOP = 10  # words shown


def _key(page: str, name: str) -> str:
    return f"{page}.collect.{name}"


def controls(page: str) -> None:
    """The mode and the prompt, in the classroom's panel while a room is open."""
    mode = st.radio(
        "The phones send",
        MODES,
        key=_key(page, "mode"),
        horizontal=True,
        help="A guess about the chain, or one value each: the class's own data.",
    )
    if mode != "data":
        return
    labels = {**{k: p.text for k, p in PROMPTS.items()}, FREE: "Your own prompt…"}
    choice = st.selectbox("Ask the class for", list(labels), format_func=labels.get, key=_key(page, "prompt"))
    if choice != FREE:
        return
    st.text_input("Your prompt", key=_key(page, "text"), max_chars=120, placeholder="Your shoe size")
    kind = st.radio("Answers are", ("number", "word"), key=_key(page, "kind"), horizontal=True)
    if kind == "number":
        low, high = st.columns(2)
        low.number_input("From", value=0.0, key=_key(page, "low"))
        high.number_input("To", value=100.0, key=_key(page, "high"))
        st.text_input("Unit", key=_key(page, "unit"), max_chars=12)


def active(page: str) -> tuple[Prompt | None, str | None]:
    """The data prompt asked now (None in guess mode) and what is wrong with a free one."""
    get = st.session_state.get
    if get(_key(page, "mode")) != "data":
        return None, None
    choice = get(_key(page, "prompt"), next(iter(PROMPTS)))
    if choice in PROMPTS:
        return PROMPTS[choice], None
    text = " ".join(str(get(_key(page, "text")) or "").split())
    if not text:
        return None, "Type the prompt the phones will show."
    if get(_key(page, "kind"), "number") == "word":
        return Prompt(text, "word"), None
    low, high = float(get(_key(page, "low"), 0.0)), float(get(_key(page, "high"), 100.0))
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        return None, "The range needs From below To."
    return Prompt(text, "number", low, high, str(get(_key(page, "unit")) or "").strip()), None


def histogram(values, prompt: Prompt) -> go.Figure:
    """The class's numbers in BINS equal bins over the prompt's range (counted here)."""
    edges = np.linspace(prompt.low, prompt.high, BINS + 1)
    counts, _ = np.histogram(np.asarray(values, dtype=float), bins=edges)
    n = len(values)
    unit = html.escape(prompt.unit)
    fig = go.Figure(
        go.Bar(
            x=(edges[:-1] + edges[1:]) / 2,
            y=counts,
            width=(prompt.high - prompt.low) / BINS * 0.92,
            marker_color=palette.BLUE,
            name="The class",
        )
    )
    fig.update_layout(
        title={"text": f"{n} value{'s' if n != 1 else ''} from the class"},
        height=330,
        margin={"l": 50, "r": 20, "t": 70, "b": 50},
        template="plotly_white",
        showlegend=False,
        font={"size": 15},
        xaxis={
            "range": [prompt.low, prompt.high],
            "title": {"text": f"class data{f' ({unit})' if unit else ''}"},
        },
        # Whole phones on the axis: no 0.2 of a phone.
        yaxis={
            "title": {"text": "phones"},
            "rangemode": "tozero",
            "dtick": max(1, int(counts.max(initial=0)) // 5),
        },
    )
    return fig


def top_words(values, n: int = TOP) -> list[tuple[str, int]]:
    """The most frequent words, most first (ties in the order they arrived)."""
    return Counter(values).most_common(n)


def _ask(code: str, secret: str, key: str, prompt: Prompt) -> None:
    shop = room.store()
    args = dict(kind=prompt.kind, low=prompt.low, high=prompt.high, unit=prompt.unit, secret=secret)
    try:
        collected.ask(shop, code, key, prompt.text, **args)
    except StorageError:
        raise
    except AnswerError as exc:
        if "not open" not in str(exc):
            raise
        shop.open_room(code, secret=secret)  # lost with its database file: the same code again
        collected.ask(shop, code, key, prompt.text, **args)


def panel(classroom, prompt: Prompt) -> None:
    """The room's panel in collect mode: code, QR code, the values arriving, the switch."""
    page, code, secret = classroom.page, classroom.state.value("room"), classroom.secret
    # The same address as the guess room's: one phones can reach (public_url), with its warning.
    address = public_url.current(projector.browser_url())
    link = room.phone_link(address.base, classroom.url_path, code, default=classroom.default_page)
    key = class_data.question_key(page, prompt)
    try:
        _ask(code, secret, key, prompt)
    except AnswerError as exc:
        st.warning(str(exc), icon=":material/database:")
        return
    with st.container(border=True, key="room_panel"):
        if address.warning:
            st.warning(address.warning, icon=":material/wifi_off:")
        left, right = st.columns([1, 3], gap="medium")
        with left:
            st.markdown(f"**Answer on your phone:** room **{code}**")
            st.image(room.qr_svg(link), width="stretch")
            st.caption(link)
        with right:
            st.markdown(f"**Collecting the class's data:** {phone_data.plain(prompt.text)}")
            _live(code, secret, key, prompt, classroom.style)
            st.button(
                "Use the class's data",
                key=_key(page, "use"),
                type="primary",
                icon=":material/dataset:",
                on_click=_use,
                args=(classroom, code, secret, key, prompt),
                help="The page's truth becomes the values the phones sent; the chain runs on them.",
            )
            _said(classroom, prompt)


@st.fragment(run_every=2.0)
def _live(code: str, secret: str, key: str, prompt: Prompt, style) -> None:
    try:
        values = collected.values(room.store(), code, key, secret=secret)
    except AnswerError as exc:
        st.warning(str(exc), icon=":material/database:")
        return
    st.metric("Values sent", len(values))
    if prompt.kind == "number":
        fig = histogram(values, prompt)
        st.plotly_chart(
            style(fig),
            theme=None,
            key="room_data_histogram",
            config={"displaylogo": False, "staticPlot": True},
        )
    elif values:
        words = top_words(values)
        st.dataframe(
            {"word": [w for w, _ in words], "phones": [c for _, c in words]},
            hide_index=True,
            key="room_words",
        )


def _use(classroom, code: str, secret: str, key: str, prompt: Prompt) -> None:
    """The switch's callback: store exactly the values sent so far, name them in `data`."""
    page = classroom.page
    try:
        values = collected.values(room.store(), code, key, secret=secret)
        if not values:
            raise AnswerError("No phone has sent a value yet.")
        digest = class_data.switch_truth(values, prompt)
    except (AnswerError, OSError, ValueError) as exc:
        st.session_state.setdefault(USED_KEY, {})[page] = (None, 0, prompt, str(exc))
        return
    st.session_state.setdefault(USED_KEY, {})[page] = (digest, len(values), prompt, None)
    if _takes(classroom, prompt):
        classroom.state.set("data", digest)


def _takes(classroom, prompt: Prompt) -> bool:
    """Whether this page's truth can be these values: numbers on a page with a data setting,
    words on the vocabulary page only."""
    wants_words = classroom.page == "categorical"
    return "data" in classroom.state.params and (prompt.kind == "word") == wants_words


def used(page: str) -> tuple | None:
    """(hash, count, prompt, error) of the page's last switch."""
    return st.session_state.get(USED_KEY, {}).get(page)


def _said(classroom, prompt: Prompt) -> None:
    last = used(classroom.page)
    if last is None or last[2] != prompt:
        return
    digest, n, _, error = last
    if error:
        st.error(f"The class's data could not be stored: {error}")
        return
    short = digest[:12]
    if prompt.kind == "word" and classroom.page != "categorical":
        st.info(
            f"The class's {n} words are stored (data `{short}`): words make a vocabulary, so "
            f"the Vanishing words page runs on them with `data={digest}`."
        )
    elif _takes(classroom, prompt):
        st.success(f"The page's truth is now the class's data: {n} values (data `{short}`).")
    else:
        st.info(
            f"The class's {n} values are stored (data `{short}`). This page cannot run a "
            f"chain on stored data, so the chain below still runs on the page's own model; a page "
            f"that takes your own data runs on `data={digest}`."
        )
