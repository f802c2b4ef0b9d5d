"""One family page, drawn from its spec: the frame every family page shares, so a page script
holds only its own controls (and anything extra it shows).

    def controls(state): widgets.slider(state, "generations"); ...
    page.render(registry.get("gaussian"), controls)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from collapse_core import families
from collapse_core.family import Formula
from collapse_ui import cache, chart, lead_section
from collapse_ui.classroom import enable as enable_classroom
from collapse_ui.exporting.panel import export_panel
from collapse_ui.kit import latex_number
from collapse_ui.registry import PageSpec
from collapse_ui.url_state import PageState


def theory_panel(page: str, formulas: Callable[[], Sequence[Formula]]) -> None:
    """The closed forms the theory curves draw, with their values now (for a lecturer). Drawn
    only while open (opening it reruns the page, from the cache): closed, the page never loads
    the browser's formula renderer, part of what a cold link waits for before its first chart."""
    panel = st.expander(
        "Theory as numbers: the closed forms behind the curves",
        icon=":material/functions:",
        key=f"{page}.theory",
        on_change="rerun",
    )
    if not panel.open:
        return
    with panel:
        shown = formulas()
        if not shown:
            st.markdown("No closed form applies to these settings; the charts show the simulation only.")
        for f in shown:
            st.markdown(f.label)
            st.latex(rf"{f.latex} \;=\; {latex_number(f.value)}")
        st.caption("Theory, not the simulation: expected values over infinitely many chains.")


@st.cache_resource(max_entries=128, show_spinner=False)
def _formulas(config: Any) -> tuple[Formula, ...]:
    """The theory panel: the core's formulas(config) beside its theory(config), once per run
    (the Gaussian's moment recursion costs 5% of a rerun under load)."""
    return tuple(families.of(config).formulas(config))


def render(
    spec: PageSpec,
    controls: Callable[[PageState], None],
    *,
    before: Callable[[PageState], None] | None = None,
    after: Callable[[Any, dict], None] | None = None,
) -> None:
    """Classroom, controls, the cached run, stage, caption, headlines, charts, export.

    controls(state) draws the page's widgets (inside the sidebar, or the presenter's panel);
    before(state) runs first (e.g. a warning about a setting); after(digest, values) draws
    what the page shows below its charts."""
    classroom = enable_classroom(spec)
    state = classroom.state
    if classroom.phone:  # a phone in a class's room: the question and a box, no simulation
        classroom.phone_view()
        return
    if before is not None:
        before(state)
    with classroom.controls():
        controls(state)
    values = state.values()
    state.save()

    st.header(spec.title)
    digest = cache.run_or_explain(spec.config_from, values, spec.too_large_tip)

    classroom.stage(digest, figure=lambda d: spec.stage_figure(d, values), compute=cache.run)
    with st.container(key="engine_line"):
        st.caption(f"Engine: **{digest.engine}**, because {digest.engine_reason}. Seed {digest.config.seed}.")
    with classroom.results():  # with the player on: hidden until the chain has played to its end
        heads = spec.headlines(digest)
        with st.container(key="headlines"):
            for column, h in zip(st.columns(len(heads)), heads, strict=True):
                column.metric(h.label, h.value, help=h.help, border=True)
        if families.of(digest.config).formulas is not None:
            theory_panel(spec.name, lambda: _formulas(digest.config))
        chart.show_all(
            spec,
            values,
            chart.built_charts(spec, digest, values),
            style=classroom.style if classroom.styled else None,
            style_key=classroom.style_key,
            dark=classroom.dark,
        )
        lead_section.show(
            spec,
            state,
            digest,
            values,
            style=classroom.style if classroom.styled else None,
            style_key=classroom.style_key,
        )
        if after is not None:
            after(digest, values)
    if not classroom.present:  # on a projector the export panel is clutter
        export_panel(spec, values, digest)
