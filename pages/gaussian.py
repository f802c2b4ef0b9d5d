"""The Gaussian page: a bell curve refitted, generation after generation, to its own samples."""

import streamlit as st

from collapse_ui import cache, chart, classroom, gaussian, router_guard, widgets
from collapse_ui.exporting import registry
from collapse_ui.exporting.panel import export_panel
from collapse_ui.figures import variance
from collapse_ui.headlines import headlines

router_guard.ensure()  # before anything renders: see collapse_ui/router_guard.py

EXPORT = registry.get("gaussian")
room = classroom.enable("gaussian", gaussian.PARAMS, config_from=gaussian.config_from,
                        max_generations=gaussian.MAX_GENERATIONS, **classroom.GAUSSIAN)
state = room.state

with room.controls():
    st.header("The chain")
    widgets.ladder_slider(state, "sample_size")
    widgets.slider(state, "generations")
    widgets.choice(state, "regime")
    widgets.choice(state, "estimator")
    widgets.real_data_and_runs(state)
    st.header("Display")
    widgets.toggle(state, "log_y")
    widgets.slider(state, "show_generation", high=state.value("generations"), follow_end=True)

values = state.values()
state.save()

st.header("A bell curve fitted to its own samples")
run = cache.run_or_explain(gaussian.config_from, values, gaussian.TOO_LARGE_TIP)

room.stage(run, figure=lambda d: variance.figure(d, log_y=values["log_y"]), run=cache.run)
st.caption(f"Engine: **{run.engine}**, because {run.engine_reason}. Seed {run.config.seed}.")
for column, h in zip(st.columns(4), headlines(run), strict=True):
    column.metric(h.label, h.value, help=h.help, border=True)

chart.show_all(EXPORT, values, gaussian.charts(run, values), style=room.style)
if not room.present:  # on a projector the export panel is clutter
    export_panel(EXPORT, values, run)
