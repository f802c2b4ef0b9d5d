"""The vocabulary page: word frequencies re-estimated from their own samples lose the rare words."""

import streamlit as st

from collapse_ui import page, registry, widgets
from collapse_ui.families import categorical


def warn_vocabulary_size(state) -> None:
    truth, k_high = state.value("truth"), categorical.max_categories(state.value("truth"))
    if state.value("categories") > k_high:
        st.warning(
            f"The {truth} vocabulary has at most {k_high:,} words; using {k_high:,}.",
            icon=":material/warning:",
        )


def controls(state) -> None:
    truth = state.value("truth")
    st.header("The vocabulary")
    widgets.choice(state, "truth")
    widgets.ladder_slider(state, "categories", high=categorical.max_categories(truth))
    widgets.slider(state, "zipf_exponent", disabled=truth != "zipf")
    widgets.slider(state, "zipf_offset", disabled=truth != "zipf")
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.slider(state, "smoothing")
    widgets.decoding(state)
    widgets.real_data_and_runs(state)


def vanished_words(digest, values) -> None:
    if values["truth"] != "english":
        return
    st.subheader("The words that vanished")
    st.markdown(categorical.word_summary(digest))
    cc = st.column_config
    heading = {n: h for n, (h, _) in categorical.WORD_COLUMNS.items()}
    tip = {n: t for n, (_, t) in categorical.WORD_COLUMNS.items()}
    st.dataframe(
        digest.words,
        hide_index=True,
        height=420,
        column_config={
            "word": cc.TextColumn(heading["word"], help=tip["word"]),
            **{
                n: cc.NumberColumn(heading[n], help=tip[n], format="localized")
                for n in ("rank", "one_in", "gone_at")
            },
            "came_back": cc.CheckboxColumn(heading["came_back"], help=tip["came_back"]),
        },
    )


page.render(registry.get("categorical"), controls, before=warn_vocabulary_size, after=vanished_words)
