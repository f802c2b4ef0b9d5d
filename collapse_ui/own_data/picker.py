"""Upload or paste your data and make it the page's truth: one component for every page.

The data set is stored content-addressed (collapse_core.userdata.store) and the page's `data`
setting holds its hash, so the URL carries the hash, never the data."""

from __future__ import annotations

import streamlit as st

from collapse_core.userdata import store
from collapse_core.userdata.load import load_numeric, table_of
from collapse_core.userdata.parse import DataError
from collapse_core.userdata.vocabulary import load_vocabulary, words_source

TYPES = ["csv", "tsv", "txt"]


def _source(state):
    up = st.session_state.get(state.key("data_file"))
    text = st.session_state.get(state.key("data_paste"), "")
    return up if up is not None else (text if text.strip() else None)


def _use(state, labels: bool = False) -> None:
    """Button callback: load the picked column, store it, point the page at it (`labels`: a
    column of labels or label,count pairs, for a vocabulary)."""
    source = _source(state)
    msg_key = state.key("data_message")
    if source is None:
        st.session_state[msg_key] = ("error", "upload a file or paste values first")
        return
    if hasattr(source, "seek"):
        source.seek(0)
    column = st.session_state.get(state.key("data_column")) or None
    try:
        loaded = (
            load_vocabulary(source, column) if labels else load_numeric(source, [column] if column else None)
        )
        name = st.session_state.get(state.key("data_name"), "") or next(iter(loaded.columns))
        unit = st.session_state.get(state.key("data_unit"), "")
        h = store.put_values(loaded.columns, name, unit)
    except (DataError, OSError) as exc:
        st.session_state[msg_key] = ("error", str(exc))
        return
    values = next(iter(loaded.columns.values()))
    notes = "; ".join(loaded.notes)
    what = f"{len(set(values)):,} labels in {len(values):,} rows" if labels else f"{values.size:,} values"
    st.session_state[msg_key] = ("info", f"using {what}" + (f" ({notes})" if notes else ""))
    state.set("data", h)


def _back(state) -> None:
    state.set("data", "")
    st.session_state[state.key("data_message")] = None


def data_picker(state, labels: bool = False) -> None:
    """The sidebar's "Your own data" panel: upload/paste, the column, its name and unit
    (`labels`: words or labels, one per line or as label,count pairs, for a vocabulary)."""
    current = state.value("data")
    if "data" in state.hidden:  # a link that shows only some controls (a class's projector)
        return
    with st.expander("Your own data", icon=":material/upload_file:", expanded=bool(current)):
        if current:
            ds = store.get(current)
            if ds is not None:
                st.markdown(
                    f"Truth: your data set **{_plain(ds.name)}**, {ds.rows:,} {'rows' if labels else 'values'}, "
                    f"`{current[:12]}`"
                )
        st.file_uploader("Upload a CSV or TSV file", type=TYPES, key=state.key("data_file"))
        st.text_area(
            "…or paste words (or label,count rows)" if labels else "…or paste values",
            key=state.key("data_paste"),
            height=90,
            placeholder="the cat sat on the mat" if labels else "170, 165, 181, 174",
        )
        source = _source(state)
        names: tuple = ()
        if source is not None:
            try:
                if hasattr(source, "seek"):
                    source.seek(0)
                table = table_of(words_source(source) if labels else source)
                names = table.numeric_names()
                if labels:  # the columns that hold labels
                    names = tuple(n for n in table.names if n not in names) if len(table.names) > 1 else ()
            except DataError as exc:
                st.error(_plain(str(exc)), icon=":material/error:")
        if len(names) > 1:
            st.selectbox("Column", names, key=state.key("data_column"))
        elif state.key("data_column") in st.session_state:
            del st.session_state[state.key("data_column")]
        st.text_input("Name of the quantity", key=state.key("data_name"), max_chars=80)
        if not labels:
            st.text_input("Unit", key=state.key("data_unit"), max_chars=20)
        st.button("Use this data", on_click=_use, args=(state, labels), key=state.key("data_use"))
        if current:
            st.button("Back to the built-in truth", on_click=_back, args=(state,), key=state.key("data_back"))
        message = st.session_state.get(state.key("data_message"))
        if message:
            kind, text = message
            (st.error if kind == "error" else st.info)(_plain(text))
        st.caption(
            f"Stored on this server under its SHA-256, {store.retention_words()}; anyone with the "
            "link can see it. Values are resampled with replacement (as the bootstrap does)."
        )


def _plain(text: str) -> str:
    """A user's text shown as text: Markdown and HTML characters escaped."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_{}[]()<>#+-.!|~$" else ch)
    return "".join(out)
