"""The lead-time section's one setting, apart from the section so the page state can declare it
without importing Streamlit figures."""

from __future__ import annotations

from collapse_core import lead_times
from collapse_ui.params import FloatParam

THRESHOLD = FloatParam(
    name="lead_threshold",
    label="A move counts when it exceeds (%)",
    default=100 * lead_times.DEFAULT_THRESHOLD,
    low=1.0,
    high=100.0,
    step=1.0,
    optional=True,  # an old link (without it) keeps its URL and draws what it drew
    help="How far a measurement's median must move from generation 1, in its harmful direction.",
)
PARAMS = (THRESHOLD,)
