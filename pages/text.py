"""The text page: a word n-gram model retrained on text it wrote itself."""

import streamlit as st

from collapse_core.text import corpus as corpus_mod
from collapse_ui import page, registry, widgets
from collapse_ui.families import text as text_ui

LIMIT_MB = corpus_mod.MAX_UPLOAD_BYTES / 1e6
PASTE_CHARS = corpus_mod.MAX_UPLOAD_BYTES + 1


def _use(state, data, key: str) -> None:
    """Validate user text once per distinct input; register it and switch the page to it."""
    done = st.session_state.setdefault("text_upload_done", {})
    if key in done:
        name, error = done[key]
    else:
        try:
            name, error = corpus_mod.register(corpus_mod.parse_upload(data)), None
        except ValueError as exc:
            name, error = None, str(exc)
        done[key] = (name, error)
    if error:
        st.error(f"Your text was not used: {error}.", icon=":material/error:")
    elif name and state.value("corpus") != name:
        state.set("corpus", name)


def real_text(state) -> None:
    st.header("The real text")
    name = state.value("corpus")
    if name == corpus_mod.DEFAULT:
        st.caption(f"Default: {corpus_mod.DEFAULT_SOURCE}.")
    else:
        st.caption(
            f"Your text ({name}). A link carries only this name, never the text: it works on this server "
            "while the text is in memory."
        )
        if st.button("Back to the Python documentation"):
            state.set("corpus", corpus_mod.DEFAULT)
            st.rerun()
    with st.expander("Use your own text"):
        up = st.file_uploader(f"A .txt file (UTF-8, up to {LIMIT_MB:g} MB)", type=["txt"], key="text_file")
        if up is not None:
            _use(state, up.getvalue(), f"file:{up.file_id}")
        # The browser keeps a paste to PASTE_CHARS characters (one past the limit, so an oversized
        # paste is still seen, and refused, rather than silently cut to size).
        pasted = st.text_area(
            f"…or paste text (up to {LIMIT_MB:g} MB)",
            key="text_paste",
            height=120,
            max_chars=PASTE_CHARS,
            on_change=_refuse_oversized_paste,
        )
        refused = st.session_state.pop("text_paste_refused", None)
        if refused:
            st.error(
                f"Your text was not used: {refused}. The built-in text stays in use.", icon=":material/error:"
            )
        elif st.button("Use the pasted text", key="text_paste_use") and pasted.strip():
            _use(state, pasted, f"paste:{hash(pasted)}")


def _refuse_oversized_paste() -> None:
    """A paste over the upload's limit is dropped from the session at once (never parsed nor
    kept), and the page says why."""
    pasted = st.session_state.get("text_paste") or ""
    size = len(pasted.encode("utf-8", errors="surrogatepass"))
    if size > corpus_mod.MAX_UPLOAD_BYTES:
        st.session_state["text_paste"] = ""
        st.session_state["text_paste_refused"] = corpus_mod.size_message(size)


def controls(state) -> None:
    real_text(state)
    st.header("The model")
    widgets.slider(state, "order")
    widgets.slider(state, "smoothing")
    widgets.decoding(state)
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.real_data_and_runs(state)


def samples_and_words(digest, values) -> None:
    st.subheader("What the model writes")
    st.caption(
        f"Chain 1's own text, seeded (the same link shows the same sentences). Generation 0 is the real "
        f"text: {digest.source}."
    )
    gens = sorted(digest.samples)
    for col, g in zip(st.columns(len(gens)), gens, strict=True):
        col.markdown(f"**{'Real text' if g == 0 else f'Generation {g}'}**")
        col.write(digest.samples[g])
    st.subheader("Words lost, and when")
    if not digest.words_lost:
        st.write("Chain 1 has lost no word of the real text.")
        return
    st.write(
        f"Chain 1 no longer writes {digest.words_lost:,} words of the real text; the most common "
        f"{min(digest.words_lost, text_ui.MAX_WORDS):,} are listed, most common first."
    )
    cc = st.column_config
    h = text_ui.WORD_COLUMNS
    st.dataframe(
        digest.words,
        hide_index=True,
        height=360,
        column_config={
            "word": cc.TextColumn(h["word"][0], help=h["word"][1]),
            "real_count": cc.NumberColumn(h["real_count"][0], help=h["real_count"][1]),
            "gone_at": cc.NumberColumn(h["gone_at"][0], help=h["gone_at"][1]),
        },
    )


page.render(registry.get("text"), controls, after=samples_and_words)
