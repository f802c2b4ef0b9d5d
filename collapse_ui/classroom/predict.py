"""Predict, then run: ask before the result is revealed, then answer with the simulation's number.

The guess lives in session state only, tied to the configuration it was made for: change a
setting and the class is asked again. It is never put in the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import streamlit as st

from collapse_ui.headlines import percent


@dataclass(frozen=True)
class Question:
    """An above/below question about a digest band's median at the last generation.

    Attributes:
        metric: the band in the digest (e.g. "variance_ratio").
        threshold: the line the guess is about.
        ask: generations -> the question in words.
        answer: (value, generations) -> the result in words.
    """

    metric: str
    threshold: float
    ask: Callable[[int], str]
    answer: Callable[[float, int], str]

    def value(self, digest) -> float:
        return float(np.asarray(digest.bands[self.metric].median)[-1])


def _share(x: float) -> str:
    return percent(x, tiny="less than 0.001%")  # a sentence, not a headline: words for "<"


GAUSSIAN_QUESTION = Question(
    metric="variance_ratio",
    threshold=0.5,
    ask=lambda g: (f"After {g:,} generations, will the typical chain's variance be **above** or "
                   f"**below** half of the truth's?"),
    answer=lambda v, g: (f"After {g:,} generations the median chain's variance is **{_share(v)}** of "
                         f"the truth's: {'above' if v > 0.5 else 'below'} half."),
)


VOCABULARY_QUESTION = Question(
    metric="surviving_fraction",
    threshold=0.5,
    ask=lambda g: (f"After {g:,} generations, will the typical chain still use **more** or **fewer** "
                   f"than half of the words in the vocabulary?"),
    answer=lambda v, g: (f"After {g:,} generations the median chain still uses **{_share(v)}** of the "
                         f"words: {'more' if v > 0.5 else 'fewer'} than half."),
)


def _key(page: str) -> str:
    return f"_classroom.{page}.guess"


def guess(page: str, config) -> str | None:
    stored = st.session_state.get(_key(page))
    return stored[1] if stored and stored[0] == repr(config) else None


def gate(page: str, config, digest, question: Question) -> bool:
    """Draw the question (return False: hold the result back) or the answer (return True)."""
    g = int(digest.generations[-1])
    said = guess(page, config)
    if said is None:
        with st.container(border=True):
            st.subheader("Predict, then run")
            st.markdown(question.ask(g))

            def choose(word: str) -> None:
                st.session_state[_key(page)] = (repr(config), word)

            a, b, c = st.columns(3)
            a.button("Above", key=f"{page}.predict.above", on_click=choose, args=("above",),
                     use_container_width=True, type="primary")
            b.button("Below", key=f"{page}.predict.below", on_click=choose, args=("below",),
                     use_container_width=True, type="primary")
            c.button("Just show me", key=f"{page}.predict.skip", on_click=choose, args=("skip",),
                     use_container_width=True)
        return False
    value = question.value(digest)
    truth = "above" if value > question.threshold else "below"
    text = question.answer(value, g)
    if said == "skip":
        st.info(text, icon=":material/info:")
    elif said == truth:
        st.success(f"You said **{said}**: right. {text}", icon=":material/check_circle:")
    else:
        st.warning(f"You said **{said}**; the simulation says {truth}. {text}", icon=":material/lightbulb:")
    return True
