"""The vocabulary page: word frequencies re-estimated from their own samples lose the rare words."""

import streamlit as st

from collapse_ui import cache, chart, classroom, router_guard, vocabulary, widgets
from collapse_ui.exporting import registry
from collapse_ui.exporting.panel import export_panel
from collapse_ui.figures import vocab_surviving

router_guard.ensure()  # before anything renders: see collapse_ui/router_guard.py

EXPORT = registry.get("vocabulary")
room = classroom.enable("vocabulary", vocabulary.PARAMS, config_from=vocabulary.config_from,
                        max_generations=vocabulary.MAX_GENERATIONS, **classroom.VOCABULARY)
state = room.state

truth = state.value("truth")
k_high = vocabulary.max_categories(truth)
if state.value("categories") > k_high:
    st.warning(f"The {truth} vocabulary has at most {k_high:,} words; using {k_high:,}.",
               icon=":material/warning:")

with room.controls():
    st.header("The vocabulary")
    widgets.choice(state, "truth")
    widgets.ladder_slider(state, "categories", high=k_high)
    widgets.slider(state, "zipf_exponent", disabled=truth != "zipf")
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.slider(state, "smoothing")
    widgets.real_data_and_runs(state)

values = state.values()
state.save()

st.header("Vanishing tails: a vocabulary learned from its own output")
run = cache.run_or_explain(vocabulary.config_from, values, vocabulary.TOO_LARGE_TIP)

room.stage(run, figure=vocab_surviving.figure, run=cache.run)
st.caption(f"Engine: **{run.engine}**, because {run.engine_reason}. Seed {run.config.seed}.")
for column, h in zip(st.columns(4), vocabulary.headlines(run), strict=True):
    column.metric(h.label, h.value, help=h.help, border=True)

chart.show_all(EXPORT, values, vocabulary.charts(run, values), style=room.style)

if truth == "english":
    st.subheader("The words that vanished")
    st.markdown(vocabulary.word_summary(run))
    cc = st.column_config
    heading, tip = {n: h for n, (h, _) in vocabulary.WORD_COLUMNS.items()}, {
        n: t for n, (_, t) in vocabulary.WORD_COLUMNS.items()}
    st.dataframe(run.words, hide_index=True, height=420, column_config={
        "word": cc.TextColumn(heading["word"], help=tip["word"]),
        **{n: cc.NumberColumn(heading[n], help=tip[n], format="localized") for n in ("rank", "one_in", "gone_at")},
        "came_back": cc.CheckboxColumn(heading["came_back"], help=tip["came_back"]),
    })

if not room.present:  # on a projector the export panel is clutter
    export_panel(EXPORT, values, run)
