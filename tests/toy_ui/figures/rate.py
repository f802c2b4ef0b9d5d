"""The toy page's one chart: the median fitted rate over generations, and theory's expectation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from tests.toy_ui.digest import ChainDigest

TITLE = "Rate ratio"


def figure(d: ChainDigest) -> go.Figure:
    fig = go.Figure(go.Scatter(x=d.generations, y=d.bands["rate_ratio"].median, name="median"))
    if "expected_rate_ratio" in d.theory:
        fig.add_scatter(x=d.generations, y=d.theory["expected_rate_ratio"], name="theory: expected value")
    fig.update_layout(title=TITLE)
    return fig
