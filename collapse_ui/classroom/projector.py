"""The room on the teacher's page: open and close it, the code, the QR code of the phones' link
and a live histogram of the class's guesses, with the simulation's value once revealed.

Every call that changes the room or reads its answers carries the room's secret (room.py); a
database that cannot be used is one warning in the panel, and the rest of the page draws on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from collapse_ui import palette, public_url
from collapse_ui.classroom import numbers, room
from collapse_ui.classroom.answers import AnswerError, StorageError, question_key
from collapse_ui.kit import Question

ERROR_KEY = "_classroom.room_error"
REFRESH_S = 2.0  # the projector's histogram
BINS = 20
NARROW_QR_PX, NARROW_HISTOGRAM_PX = 220, 280  # the room beside a projector's stage chart


def histogram(
    values: Sequence[float],
    question: Question,
    *,
    truth: float | None,
    title: str = "",
    stacked: bool = False,
) -> go.Figure:
    """The class's guesses in BINS equal bins over the question's range (counts computed here,
    so every answer is in the figure's numbers), the class median, and the simulation's value
    when revealed (`truth`, in the question's unit)."""
    lo, hi = question.low, question.high
    edges = np.linspace(lo, hi, BINS + 1)
    counts, _ = np.histogram(np.clip(np.asarray(values, dtype=float), lo, hi), bins=edges)
    centres = (edges[:-1] + edges[1:]) / 2
    n = len(values)
    fig = go.Figure(
        go.Bar(
            x=centres,
            y=counts,
            width=(hi - lo) / BINS * 0.92,
            marker_color=palette.BLUE,
            name="Guesses",
            hovertemplate=f"%{{x:g}}{question.unit}: %{{y}} guesses<extra></extra>",
        )
    )
    # The lines are named in the title, in their colours: labels beside close lines would overlap.
    parts = [f"{n} answer{'s' if n != 1 else ''}"]
    if n:
        median = float(np.median(values))
        fig.add_vline(x=median, line={"color": palette.ORANGE, "width": 4, "dash": "dash"})
        parts.append(
            f"<span style='color:{palette.ORANGE}'>- - class median "
            f"{numbers.for_class(median, question.unit)}</span>"
        )
    if truth is not None:
        fig.add_vline(x=min(max(truth, lo), hi), line={"color": palette.BLACK, "width": 5})
        parts.append(f"<b>━ simulation {numbers.for_class(truth, question.unit)}</b>")
    heading = title or ("<br>" if stacked else " · ").join(parts)  # stacked: a narrow column
    pad = (hi - lo) / BINS
    fig.update_layout(
        title={"text": heading},
        height=330,
        margin={"l": 50, "r": 20, "t": 30 + 25 * len(parts) if stacked else 70, "b": 50},
        template="plotly_white",
        showlegend=False,
        bargap=0.05,
        font={"size": 15},
        # A margin of a bin's width each side: a line at either end is drawn inside the plot,
        # not on its axis.
        xaxis={
            "range": [lo - pad, hi + pad],
            "title": {"text": f"guess ({question.unit})"},
            "zeroline": False,
        },
        yaxis={
            "title": {"text": "phones"},
            "rangemode": "tozero",
            "dtick": max(1, int(counts.max(initial=0) // 5) or 1),
        },
    )
    return fig


def start(state) -> None:
    """Callback of the teacher's button: open a room, keep its secret, put its code in the URL."""
    try:
        code, secret = room.store().open_room()
    except AnswerError as exc:
        st.session_state[ERROR_KEY] = str(exc)
        return
    room.remember_owner(code, secret)
    state.set("room", code)


def close(state, secret: str) -> None:
    """Callback of "Close room": the room and its answers are deleted (the teacher's only)."""
    code = state.value("room")
    if code:
        try:
            room.store().close_room(code, secret=secret)
        except StorageError as exc:
            st.session_state[ERROR_KEY] = str(exc)
            return
        except AnswerError:
            pass  # already gone (expired, or its database lost): nothing left to delete
        room.forget_owner(code)
    state.set("room", "")


def _ask(code: str, secret: str, key: str, question: Question, g: int) -> None:
    """Make the page's question the room's; a room lost with its database file is opened again
    under the same code and secret, so the phones' link keeps working."""
    shop = room.store()
    args = dict(low=question.low, high=question.high, unit=question.unit, secret=secret)
    try:
        shop.ask(code, key, question.estimate(g), **args)
    except StorageError:
        raise
    except AnswerError as exc:
        if "not open" not in str(exc):
            raise
        shop.open_room(code, secret=secret)
        shop.ask(code, key, question.estimate(g), **args)


def panel(
    page: str,
    url_path: str,
    default: bool,
    state,
    secret: str,
    question: Question,
    config,
    value: float | None,
    *,
    style=None,
    on_reveal=None,
    narrow: bool = False,
) -> None:
    """The room's panel on the teacher's page: the code, the QR code, the live histogram.
    `value` is the simulation's answer (the metric), None while it is held back; `on_reveal`
    the callback of the teacher's "Reveal the answer" button (None: no button)."""
    code = state.value("room")
    g = int(config.generations)
    key = question_key(page, config)
    try:
        _ask(code, secret, key, question, g)
    except StorageError as exc:
        st.warning(str(exc), icon=":material/database:")
        return
    except AnswerError as exc:
        st.warning(f"{exc}", icon=":material/meeting_room:")
        st.button("Start a new room", key=f"{page}.room.restart", on_click=start, args=(state,))
        return
    address = public_url.current(browser_url())
    link = room.phone_link(address.base, url_path, code, default=default)
    truth = None if value is None else value * question.scale
    with st.container(border=True, key="room_panel"):
        if address.warning:
            st.warning(address.warning, icon=":material/wifi_off:")
        # Narrow (beside a projector's stage chart): one column, the QR code first.
        left, right = (st.container(), st.container()) if narrow else st.columns([1, 3], gap="medium")
        with left:
            st.markdown(f"**Answer on your phone:** room **{code}**")
            if narrow:  # beside the stage: the reveal stays on screen above the QR code
                _reveal_button(page, on_reveal)
            # Beside the stage the code stays scannable (about 6 cm on a projector) and leaves
            # the histogram on screen.
            st.image(room.qr_svg(link), width=NARROW_QR_PX if narrow else "stretch")
            st.caption(link)
        with right:
            st.markdown(question.estimate(g))
            _live(code, secret, key, question, truth, style, NARROW_HISTOGRAM_PX if narrow else 360, narrow)
            if not narrow:
                _reveal_button(page, on_reveal)


def _reveal_button(page: str, on_reveal) -> None:
    if on_reveal is None:
        return
    with st.container(key="room_reveal"):
        st.button(
            "Reveal the answer",
            key=f"{page}.room.reveal",
            icon=":material/visibility:",
            type="primary",
            on_click=on_reveal,
            help="Shows the simulation's answer, the headlines and the charts.",
        )


@st.fragment(run_every=REFRESH_S)
def _live(
    code: str,
    secret: str,
    key: str,
    question: Question,
    truth: float | None,
    style,
    height: int = 360,
    stacked: bool = False,
) -> None:
    try:
        values = room.store().values(code, key, secret=secret)
    except AnswerError as exc:
        st.warning(str(exc), icon=":material/database:")
        return
    fig = histogram(values, question, truth=truth, stacked=stacked)
    if style is not None:
        fig = style(fig)
        fig.update_layout(height=height)
    st.plotly_chart(fig, theme=None, key="room_histogram", config={"displaylogo": False, "staticPlot": True})


def browser_url() -> str | None:
    try:
        return st.context.url
    except Exception:  # no browser (AppTest)
        return None
