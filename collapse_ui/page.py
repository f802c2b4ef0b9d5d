"""One family page, drawn from its spec: the frame every family page shares, so a page script
holds only its own controls (and anything extra it shows).

    router_guard.ensure()
    def controls(state): widgets.slider(state, "generations"); ...
    page.render(registry.get("gaussian"), controls)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from collapse_ui import cache, chart, classroom
from collapse_ui.exporting.panel import export_panel
from collapse_ui.registry import PageSpec
from collapse_ui.url_state import PageState


def render(spec: PageSpec, controls: Callable[[PageState], None], *,
           before: Callable[[PageState], None] | None = None,
           after: Callable[[Any, dict], None] | None = None) -> None:
    """Classroom, controls, the cached run, stage, caption, headlines, charts, export.

    controls(state) draws the page's widgets (inside the sidebar, or the presenter's panel);
    before(state) runs first (e.g. a warning about a setting); after(digest, values) draws
    what the page shows below its charts."""
    room = classroom.enable(spec)
    state = room.state
    if before is not None:
        before(state)
    with room.controls():
        controls(state)
    values = state.values()
    state.save()

    st.header(spec.title)
    run = cache.run_or_explain(spec.config_from, values, spec.too_large_tip)

    room.stage(run, figure=lambda d: spec.stage_figure(d, values), run=cache.run)
    st.caption(f"Engine: **{run.engine}**, because {run.engine_reason}. Seed {run.config.seed}.")
    heads = spec.headlines(run)
    for column, h in zip(st.columns(len(heads)), heads, strict=True):
        column.metric(h.label, h.value, help=h.help, border=True)

    chart.show_all(spec, values, spec.charts(run, values), style=room.style)
    if after is not None:
        after(run, values)
    if not room.present:  # on a projector the export panel is clutter
        export_panel(spec, values, run)
