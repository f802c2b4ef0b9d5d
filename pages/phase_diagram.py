"""Phase diagram: a sweep over sample size x real-data share, drawn as the cells finish."""

import json

import streamlit as st

from collapse_core import families
from collapse_core.budget import WorkBudgetError
from collapse_core.sweep.spec import check_interactive
from collapse_core.sweep.threshold import sweep_threshold
from collapse_ui import chart, phase, phase_run, widgets
from collapse_ui.figures import phase as figs
from collapse_ui.url_state import PageState

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
    widgets.select(
        state, "family", on_change=lambda: phase.apply_family_defaults(state.set, state.value("family"))
    )
    widgets.select(state, "metric", options=tuple(fam.metrics))
    widgets.select(state, "statistic")
    widgets.choice(state, "direction", horizontal=True)
    st.number_input(
        label=state.param("level").label,
        help=state.param("level").help,
        key=state.key("level"),
        step=0.01,
        format="%.3f",
    )
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
    st.code(spec.command_line(), language="bash", wrap_lines=True)  # no scroll box: keyboard-readable
    st.stop()

sizes, shares = (a.values for a in spec.axes)
level, op = values["level"], phase.op(values)
boundary = phase_run.boundary(spec, level, op)
result = phase_run.run(spec, values, metric, level, boundary)

table = result.table
heat = figs.heatmap(
    table,
    sizes,
    shares,
    metric=metric,
    statistic=values["statistic"],
    level=level,
    generations=values["generations"],
    boundary=boundary,
)
theory_note = (
    "Dashed: the exact boundary of the expected value (the family's moment recursion)."
    if boundary is not None
    else "No exact formula applies to this metric and setting."
)
chart.show(
    phase.EXPORT,
    values,
    figs.HEATMAP_TITLE,
    heat,
    f"{spec.n_cells} cells, {values['replicates']} chains each, seeds derived from {values['seed']} "
    f"({result.elapsed:.1f} s). {theory_note}",
    1,
)

curve = sweep_threshold(table, metric, values["statistic"], level, op=op)
thr = figs.threshold(
    curve,
    sizes,
    theory=boundary,
    metric=metric,
    statistic=values["statistic"],
    level=level,
    op=op,
    generations=values["generations"],
    share_high=shares[-1],
)
st.info(phase.answer_line(table, values, boundary), icon=":material/lightbulb:")
chart.show(
    phase.EXPORT,
    values,
    figs.THRESHOLD_TITLE,
    thr,
    "Blue: the smallest grid share from which every larger one meets the target; the band uses each "
    "cell's 95% Monte Carlo interval. Dashed: exact, from the expected value (bisection over whole "
    "numbers of real points).",
    2,
)

if values["family"] == "gaussian":
    st.subheader("When the real data is not all real")
    if values["regime"] != "replace" or values["real_source"] != "fresh":
        st.caption("The provenance diagram applies to replace with fresh real data.")
    else:
        m = sizes[len(sizes) // 2]
        z = phase_run.provenance_grid(m, values["generations"], values["nominal_share"], values["fpr"])
        fig = figs.provenance(
            phase_run.CONTAMINATIONS,
            phase_run.RECALLS,
            z,
            level=level,
            nominal=values["nominal_share"],
            fpr=values["fpr"],
            sample_size=m,
        )
        chart.show(
            phase.EXPORT,
            values,
            figs.PROVENANCE_TITLE,
            fig,
            "A share c of the 'real' pool is the model's own output; a detector removes flagged points "
            "(recall: synthetic ones caught; false-positive rate: genuine ones lost). Kept points are "
            "genuine with probability (1-c)(1-FPR) / ((1-c)(1-FPR) + c(1-recall)); the effective real "
            "share is the nominal one times that. Exact long-run E[variance]/σ0² (binomial count of "
            "genuine points per batch), from the Gaussian's moment recursion.",
            3,
        )

st.subheader("The data")
c1, c2, c3 = st.columns(3)
stem = phase.file_stem(values)
c1.download_button(
    "Table (CSV)",
    table.to_csv(index=False).encode(),
    file_name=f"{stem}.csv",
    mime="text/csv",
    icon=":material/download:",
)
c2.download_button(
    "Provenance (JSON)",
    json.dumps(result.provenance, indent=1).encode(),
    file_name=f"{stem}.provenance.json",
    mime="application/json",
    icon=":material/download:",
)
c3.caption("The same sweep from the command line (Parquet + CSV + provenance):")
st.code(spec.command_line(f"{stem}.parquet"), language="bash", wrap_lines=True)  # no scroll box
