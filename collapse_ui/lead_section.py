"""The "which measurement notices first" section every family page shares: the threshold
control (URL key `lead_threshold`, percent, written only when changed), the headline and the
chart, from the per-generation medians the digest keeps (ChainDigest.lead_medians)."""

from __future__ import annotations

import streamlit as st

from collapse_core import families, lead_times
from collapse_ui import chart, widgets
from collapse_ui.figures.lead_times import caption, lead_time_figure
from collapse_ui.lead_params import THRESHOLD

CHART_INDEX = 99  # after every page's own charts (file names and widget keys)


def table(digest, threshold_percent: float) -> lead_times.LeadTimes | None:
    """The lead-time table of a digest (None: the digest keeps no medians, e.g. built before)."""
    medians = getattr(digest, "lead_medians", None)
    if not medians:
        return None
    harm = families.of(digest.config).harm
    return lead_times.from_medians(medians, harm, threshold_percent / 100.0)


def show(spec, state, digest, values: dict, style=None, style_key=None) -> None:
    """The section, drawn only while open (closed it costs nothing)."""
    panel = st.expander(
        "Which measurement notices first", icon=":material/timer:", key=f"{spec.name}.lead", on_change="rerun"
    )
    if not panel.open:
        return
    with panel:
        threshold = (
            widgets.slider(state, THRESHOLD.name) if THRESHOLD.name in state.params else THRESHOLD.default
        )
        lt = table(digest, threshold)
        if lt is None or not lt.rows:
            st.markdown("This run keeps no per-generation medians to rank; rerun it to see the chart.")
            return
        st.markdown(f"**{lt.headline()}**")
        chart.show(
            spec,
            values,
            "Which measurement notices first",
            lead_time_figure(lt),
            caption(lt),
            CHART_INDEX,
            style=style,
            style_key=style_key,
        )
