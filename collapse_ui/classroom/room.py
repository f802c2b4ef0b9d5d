"""A class that answers: the teacher opens a room, the projector shows a QR code of the phones'
link and a live histogram of the class's guesses; each phone sends one number.

    projector: ...?room=ABCD              (the page, with the room's panel above the stage)
    phone:     ...?room=ABCD&phone=1      (the question and a box; no simulation runs on it)

The projector's page asks the room its current question (page + configuration hash, the
Question's numeric wording and range); phones read the room's current question, so a changed
setting on the projector reaches every phone without a new link. Storage: answers.Store.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from urllib.parse import urlencode

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from collapse_ui import palette
from collapse_ui.classroom.answers import AnswerError, Store, default_path, new_client_id, question_key
from collapse_ui.kit import Question

CLIENT_KEY = "_classroom.client"
REPLY_KEY = "_classroom.reply"
ERROR_KEY = "_classroom.room_error"
REFRESH_S = 2.0  # the projector's histogram
# The phones' watch for a new question: slower, since thirty phones polling every 2 s would be
# 15 fragment reruns a second on a small server; a new question may take 5 s to reach them.
PHONE_REFRESH_S = 5.0
BINS = 20
PUBLIC_URL_ENV = "COLLAPSE_PUBLIC_URL"  # the app's address as phones reach it (not localhost)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    """The app's answers store (its file from $COLLAPSE_DATA_DIR, read on every call)."""
    return _store(str(default_path()))


def client_id() -> str:
    """This browser session's random id (no personal data; a reload is a new phone)."""
    if CLIENT_KEY not in st.session_state:
        st.session_state[CLIENT_KEY] = new_client_id()
    return st.session_state[CLIENT_KEY]


# ---------------------------------------------------------------- pure helpers


def phone_link(base_url: str | None, url_path: str, code: str, *, default: bool = False) -> str:
    """The link the QR code holds: the page's address, the room and the phone flag (short, so
    the code stays coarse enough to scan from the back of a room). The app's default page is
    linked at the root: Streamlit serves it at "/" only, and "/gaussian" opens with a "Page not
    found" dialog over the phone's answer box in every session that resolves pages by name."""
    base = (os.environ.get(PUBLIC_URL_ENV) or base_url or "http://localhost:8501").split("?", 1)[0]
    base = base.split("#", 1)[0].rstrip("/")
    if default:
        base = base.removesuffix("/" + url_path)
        return f"{base}/?{urlencode({'room': code, 'phone': '1'})}"
    if not base.endswith("/" + url_path):
        base = f"{base}/{url_path}"
    return f"{base}?{urlencode({'room': code, 'phone': '1'})}"


def qr_svg(text: str) -> str:
    """A QR code of `text` as an SVG document, black on its own white ground (a dark projector
    theme must not make it unreadable); pure Python: qrcode's SVG path factory, no PIL."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2,
                      error_correction=qrcode.constants.ERROR_CORRECT_M)
    out = io.BytesIO()
    img.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


def send(shop: Store, code: str, key: str, client: str, value) -> str:
    """What a phone's Send button does: store the guess, return the confirmation (or raise
    AnswerError with what to show). The one path every phone's answer takes."""
    number = shop.submit(code, key, client, value)
    return f"Sent: **{number:g}**. Watch the projector. You can change your answer."


def histogram(values: Sequence[float], question: Question, *, truth: float | None, title: str = "") -> go.Figure:
    """The class's guesses in BINS equal bins over the question's range (counts computed here,
    so every answer is in the figure's numbers), the class median, and the simulation's value
    when revealed (`truth`, in the question's unit)."""
    lo, hi = question.low, question.high
    edges = np.linspace(lo, hi, BINS + 1)
    counts, _ = np.histogram(np.clip(np.asarray(values, dtype=float), lo, hi), bins=edges)
    centres = (edges[:-1] + edges[1:]) / 2
    n = len(values)
    fig = go.Figure(go.Bar(x=centres, y=counts, width=(hi - lo) / BINS * 0.92, marker_color=palette.BLUE,
                           name="Guesses", hovertemplate=f"%{{x:g}}{question.unit}: %{{y}} guesses<extra></extra>"))
    # The lines are named in the title, in their colours: labels beside close lines would overlap.
    parts = [f"{n} answer{'s' if n != 1 else ''}"]
    if n:
        median = float(np.median(values))
        fig.add_vline(x=median, line={"color": palette.ORANGE, "width": 4, "dash": "dash"})
        parts.append(f"<span style='color:{palette.ORANGE}'>- - class median {median:.3g}{question.unit}</span>")
    if truth is not None:
        fig.add_vline(x=min(max(truth, lo), hi), line={"color": palette.BLACK, "width": 5})
        parts.append(f"<b>━ simulation {truth:.3g}{question.unit}</b>")
    heading = title or " · ".join(parts)
    fig.update_layout(
        title={"text": heading}, height=330, margin={"l": 50, "r": 20, "t": 70, "b": 50},
        template="plotly_white", showlegend=False, bargap=0.05, font={"size": 15},
        xaxis={"range": [lo, hi], "title": {"text": f"guess ({question.unit})"}},
        yaxis={"title": {"text": "phones"}, "rangemode": "tozero", "dtick": max(1, int(counts.max(initial=0) // 5) or 1)},
    )
    return fig


# ---------------------------------------------------------------- projector


def start(state) -> None:
    """Callback of the teacher's button: open a room and put its code in the URL."""
    try:
        state.set("room", store().open_room())
    except AnswerError as exc:
        st.session_state[ERROR_KEY] = str(exc)


def close(state) -> None:
    code = state.value("room")
    if code:
        store().close_room(code)
    state.set("room", "")


def projector(page: str, url_path: str, default: bool, state, question: Question, config, value: float | None, *, style=None) -> None:
    """The room's panel on the teacher's page: the code, the QR code, the live histogram.
    `value` is the simulation's answer (the metric), None while it is held back."""
    code = state.value("room")
    shop = store()
    g = int(config.generations)
    key = question_key(page, config)
    try:
        shop.ask(code, key, question.estimate(g), low=question.low, high=question.high, unit=question.unit)
    except AnswerError as exc:
        st.warning(f"{exc}", icon=":material/meeting_room:")
        st.button("Start a new room", key=f"{page}.room.restart", on_click=start, args=(state,))
        return
    link = phone_link(_browser_url(), url_path, code, default=default)
    truth = None if value is None else value * question.scale
    with st.container(border=True, key="room_panel"):
        left, right = st.columns([1, 3], gap="medium")
        with left:
            st.markdown(f"**Answer on your phone:** room **{code}**")
            st.image(qr_svg(link), width="stretch")
            st.caption(link)
        with right:
            st.markdown(question.estimate(g))
            _live(code, key, question, truth, style)


@st.fragment(run_every=REFRESH_S)
def _live(code: str, key: str, question: Question, truth: float | None, style) -> None:
    values = store().values(code, key)
    fig = histogram(values, question, truth=truth)
    if style is not None:
        fig = style(fig)
        fig.update_layout(height=360)
    st.plotly_chart(fig, theme=None, key="room_histogram", config={"displaylogo": False, "staticPlot": True})


def _browser_url() -> str | None:
    try:
        return st.context.url
    except Exception:  # no browser (AppTest)
        return None


# ---------------------------------------------------------------- phone

PHONE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 3.5rem 1rem 2rem; max-width: 34rem; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"]
{ display: none; }
.st-key-phone_view input { font-size: 1.6rem; }
.st-key-phone_view button p { font-size: 1.2rem; font-weight: 600; }
</style>"""


def phone(state) -> None:
    """The phone's view: the room's current question and a box for the answer."""
    code = state.value("room")
    st.html(PHONE_CSS)
    shop = store()
    me = client_id()
    with st.container(key="phone_view"):
        try:
            q = shop.current(code)
        except AnswerError as exc:
            st.error(str(exc), icon=":material/meeting_room:")
            return
        st.subheader(f"Room {code}")
        if q is None:
            st.info("Waiting for the teacher's question…", icon=":material/hourglass_top:")
            _watch(code, None)
            return
        st.markdown(q.text)
        mine = shop.answer_of(code, q.key, me)
        box = f"phone.guess.{q.key}"
        with st.form(key="phone_answer", border=False):
            st.number_input(f"Your guess ({q.unit})", min_value=q.low, max_value=q.high,
                            value=mine, step=1.0, format="%.1f", key=box,
                            placeholder=f"{q.low:g} to {q.high:g}")
            st.form_submit_button("Send" if mine is None else "Change my answer", type="primary",
                                  width="stretch", on_click=_on_send, args=(code, q.key, box))
        said = st.session_state.pop(REPLY_KEY, None)
        if said is not None:
            (st.success if said[0] else st.error)(said[1], icon=":material/check_circle:" if said[0] else None)
        elif mine is not None:
            st.success(f"Your answer: **{mine:g}{q.unit}**.", icon=":material/check_circle:")
        _watch(code, q.key)


def _on_send(code: str, key: str, box: str) -> None:
    """The Send button's callback (before the rerun draws the reply)."""
    guess = st.session_state.get(box)
    if guess is None:
        st.session_state[REPLY_KEY] = (False, "Type a number first.")
        return
    try:
        st.session_state[REPLY_KEY] = (True, send(store(), code, key, client_id(), guess))
    except AnswerError as exc:
        st.session_state[REPLY_KEY] = (False, str(exc))


@st.fragment(run_every=PHONE_REFRESH_S)
def _watch(code: str, key: str | None) -> None:
    """Reload the phone's view when the teacher moves on to another question (or closes the room)."""
    try:
        q = store().current(code)
        now = q.key if q else None
    except AnswerError:
        now = "closed"
    if now != key:
        st.rerun(scope="app")
