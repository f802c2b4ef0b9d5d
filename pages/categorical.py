"""The vocabulary page: word frequencies re-estimated from their own samples lose the rare words."""

import streamlit as st

from collapse_ui import page, registry, widgets
from collapse_ui.families import categorical
from collapse_ui.own_data.picker import data_picker


def warn_vocabulary_size(state) -> None:
    if state.value("data"):  # your labels are the vocabulary, however many there are
        return
    truth, k_high = state.value("truth"), categorical.max_categories(state.value("truth"))
    if state.value("categories") > k_high:
        st.warning(
            f"The {truth} vocabulary has at most {k_high:,} words; using {k_high:,}.",
            icon=":material/warning:",
        )


def controls(state) -> None:
    truth = state.value("truth")
    st.header("The vocabulary")
    if not state.value("data"):  # with your data, its labels are the vocabulary
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
    data_picker(state, labels=True)


def vanished_words(digest, values) -> None:
    if values["truth"] != "english" and not values.get("data"):
        return
    st.subheader("Your labels that vanished" if values.get("data") else "The words that vanished")
    st.markdown(categorical.word_summary(digest))
    cc = st.column_config
    heading = {n: h for n, (h, _) in categorical.WORD_COLUMNS.items()}
    tip = {n: t for n, (_, t) in categorical.WORD_COLUMNS.items()}
    if values.get("data"):  # the ranks and frequencies are your data's, not English's
        tip["word"] = "A label of your data that chain 1's model can no longer produce."
        tip["rank"] = "1 is the most frequent label in your data."
        tip["one_in"] = "How often the label appears in your data."
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
