"""Phase diagram: a sweep over sample size x real-data share, drawn as the cells finish."""

import json
import os
import time
from collections import OrderedDict

import numpy as np
import pandas as pd
import streamlit as st

from collapse_core import families
from collapse_core.budget import WorkBudgetError
from collapse_core.sweep import SweepSpec, contamination
from collapse_core.sweep.runner import ENV_SCHEDULER, SweepResult, iter_cells
from collapse_core.sweep.spec import check_interactive, interactive_budget
from collapse_core.sweep.threshold import sweep_threshold
from collapse_ui import chart, phase, router_guard, widgets
from collapse_ui.figures import phase as figs
from collapse_ui.url_state import PageState

router_guard.ensure()  # before anything renders: see collapse_ui/router_guard.py

CACHE_SIZE = 8
REDRAW_SECONDS = 0.5
CONTAMINATIONS = tuple(round(c, 2) for c in np.linspace(0, 0.9, 19))
RECALLS = tuple(round(r, 2) for r in np.linspace(0, 1, 21))


@st.cache_resource
def _results() -> OrderedDict:
    """Finished sweeps, shared by every session (a permalink opens instantly when warm)."""
    return OrderedDict()


@st.cache_resource
def _client(address: str):
    from distributed import Client

    return Client(address, timeout=20)


@st.cache_data(max_entries=32, show_spinner=False)
def _boundary(spec_json: str, level: float, op: str):
    spec = SweepSpec.from_dict(json.loads(spec_json))
    return phase.theory_boundary(spec, level, op)


@st.cache_data(max_entries=16, show_spinner=False)
def _provenance_grid(sample_size: int, generations: int, nominal: float, fpr: float):
    cfg = families.get("gaussian").config(sample_size=sample_size, generations=generations, real_fraction=nominal)
    return contamination.gaussian_grid(cfg, CONTAMINATIONS, RECALLS, fpr)


state = PageState(phase.NAME, phase.PARAMS)
state.load()
fam = families.get(state.value("family"))
metric, note = phase.metric_for(state.values())
if note:  # the family lacks the metric: its own default target, and a word if the link asked for it
    phase.apply_family_defaults(state.set, fam.name)
    metric = state.value("metric")
    if "metric" not in st.query_params:
        note = None
with st.sidebar:
    st.header("What to map")
    widgets.select(state, "family", on_change=lambda: phase.apply_family_defaults(state.set, state.value("family")))
    widgets.select(state, "metric", options=tuple(fam.metrics))
    widgets.select(state, "statistic")
    widgets.choice(state, "direction", horizontal=True)
    st.number_input(label=state.param("level").label, help=state.param("level").help, key=state.key("level"),
                    step=0.01, format="%.3f")
    widgets.slider(state, "generations")
    widgets.ladder_slider(state, "replicates")
    st.header("The grid")
    widgets.ladder_slider(state, "size_low")
    widgets.ladder_slider(state, "size_high")
    widgets.slider(state, "sizes")
    widgets.slider(state, "share_high")
    widgets.slider(state, "shares")
    widgets.choice(state, "regime")
    widgets.choice(state, "real_source")
    widgets.seed_input(state)
    if state.value("family") == "gaussian":
        st.header("Provenance knobs")
        widgets.slider(state, "nominal_share")
        widgets.slider(state, "fpr")
values = state.values()
state.save()

st.header(phase.TITLE)
st.markdown(
    "Each cell of the grid is one run of many chains with its own sample size and share of real data; "
    "the colour is the metric at the last generation. The black line is where the simulation crosses the "
    "target level; the dashed line, where the family has an exact formula, is where the *expected* value "
    "crosses it."
)
if note:
    st.warning(note, icon=":material/warning:")

spec = phase.spec_from(values)
try:
    check_interactive(spec)
except (WorkBudgetError, ValueError) as exc:
    st.error(f"This sweep is too large for the page: {exc}", icon=":material/block:")
    st.code(spec.command_line(), language="bash")
    st.stop()

sizes, shares = (a.values for a in spec.axes)
level, op = values["level"], phase.op(values)
spec_json = json.dumps(spec.asdict(), sort_keys=True)
boundary = _boundary(spec_json, level, op)
cache = _results()
if spec_json in cache:
    cache.move_to_end(spec_json)
    result = cache[spec_json]
else:
    address = os.environ.get(ENV_SCHEDULER)
    client = _client(address) if address else None
    bar = st.progress(0.0, text=f"Running {spec.n_cells} cells…")
    live = st.empty()
    rows, done, last = [], 0, time.monotonic()
    t0 = time.perf_counter()
    for _, cell in iter_cells(spec, scheduler="serial" if client is None else None, client=client,
                              budget=interactive_budget(spec.n_cells)):
        rows.extend(cell)
        done += 1
        bar.progress(done / spec.n_cells, text=f"{done} of {spec.n_cells} cells")
        if time.monotonic() - last > REDRAW_SECONDS and done < spec.n_cells:
            last = time.monotonic()
            live.plotly_chart(figs.heatmap(pd.DataFrame(rows), sizes, shares, metric=metric,
                                           statistic=values["statistic"], level=level,
                                           generations=values["generations"], boundary=boundary, done=done),
                              theme=None)
    bar.empty()
    live.empty()
    result = SweepResult(spec, rows, done, elapsed=time.perf_counter() - t0,
                         scheduler="serial" if client is None else f"address {address}")
    cache[spec_json] = result
    while len(cache) > CACHE_SIZE:
        cache.popitem(last=False)

table = result.table
heat = figs.heatmap(table, sizes, shares, metric=metric, statistic=values["statistic"], level=level,
                    generations=values["generations"], boundary=boundary)
theory_note = ("Dashed: the exact boundary of the expected value (the family's moment recursion)."
               if boundary is not None else "No exact formula applies to this metric and setting.")
chart.show(phase.EXPORT, values, figs.HEATMAP_TITLE, heat,
           f"{spec.n_cells} cells, {values['replicates']} chains each, seeds derived from {values['seed']} "
           f"({result.elapsed:.1f} s). {theory_note}", 1)

curve = sweep_threshold(table, metric, values["statistic"], level, op=op)
thr = figs.threshold(curve, sizes, theory=boundary, metric=metric, statistic=values["statistic"], level=level,
                     op=op, generations=values["generations"], share_high=shares[-1])
st.info(phase.answer_line(table, values), icon=":material/lightbulb:")
chart.show(phase.EXPORT, values, figs.THRESHOLD_TITLE, thr,
           "Blue: the smallest grid share from which every larger one meets the target; the band uses each "
           "cell's 95% Monte Carlo interval. Dashed: exact, from the expected value (bisection over whole "
           "numbers of real points).", 2)

if values["family"] == "gaussian":
    st.subheader("When the real data is not all real")
    if values["regime"] != "replace" or values["real_source"] != "fresh":
        st.caption("The provenance diagram applies to replace with fresh real data.")
    else:
        m = sizes[len(sizes) // 2]
        z = _provenance_grid(m, values["generations"], values["nominal_share"], values["fpr"])
        fig = figs.provenance(CONTAMINATIONS, RECALLS, z, level=level, nominal=values["nominal_share"],
                              fpr=values["fpr"], sample_size=m)
        chart.show(phase.EXPORT, values, figs.PROVENANCE_TITLE, fig,
                   "A share c of the 'real' pool is the model's own output; a detector removes flagged points "
                   "(recall: synthetic ones caught; false-positive rate: genuine ones lost). Kept points are "
                   "genuine with probability (1-c)(1-FPR) / ((1-c)(1-FPR) + c(1-recall)); the effective real "
                   "share is the nominal one times that. Exact long-run E[variance]/σ0² (binomial count of "
                   "genuine points per batch), from the Gaussian's moment recursion.", 3)

st.subheader("The data")
c1, c2, c3 = st.columns(3)
stem = phase.file_stem(values)
c1.download_button("Table (CSV)", table.to_csv(index=False).encode(), file_name=f"{stem}.csv", mime="text/csv",
                   icon=":material/download:")
c2.download_button("Provenance (JSON)", json.dumps(result.provenance, indent=1).encode(),
                   file_name=f"{stem}.provenance.json", mime="application/json", icon=":material/download:")
c3.caption("The same sweep from the command line (Parquet + CSV + provenance):")
st.code(spec.command_line(f"{stem}.parquet"), language="bash")
