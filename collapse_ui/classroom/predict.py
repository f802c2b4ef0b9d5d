"""Predict, then run: ask before the result is revealed, then answer with the simulation's number.

The guess lives in session state only, tied to the configuration it was made for: change a
setting and the class is asked again. It is never put in the URL.
"""

from __future__ import annotations

import streamlit as st

from collapse_ui.kit import Question


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
            # The buttons say what the question asks ("More" / "Fewer"); the keys and the stored
            # guess keep the side of the threshold ("above" / "below").
            a.button(
                question.words[0].capitalize(),
                key=f"{page}.predict.above",
                on_click=choose,
                args=("above",),
                use_container_width=True,
                type="primary",
            )
            b.button(
                question.words[1].capitalize(),
                key=f"{page}.predict.below",
                on_click=choose,
                args=("below",),
                use_container_width=True,
                type="primary",
            )
            c.button(
                "Just show me",
                key=f"{page}.predict.skip",
                on_click=choose,
                args=("skip",),
                use_container_width=True,
            )
        return False
    value = question.value(digest)
    truth = "above" if value > question.threshold else "below"
    text = question.answer(value, g)
    words = dict(zip(("above", "below"), question.words, strict=True))
    if said == "skip":
        st.info(text, icon=":material/info:")
    elif said == truth:
        st.success(f"You said **{words[said]}**: right. {text}", icon=":material/check_circle:")
    else:
        st.warning(
            f"You said **{words[said]}**; the simulation says {words[truth]}. {text}",
            icon=":material/lightbulb:",
        )
    return True
