"""The "which measurement notices first" chart: one row per metric, a marker at the generation
its median first moved by more than the threshold, tail and minority metrics marked apart.
Built from the core's lead-time table (collapse_core.lead_times); pure, so pages and tests share it."""

from __future__ import annotations

import plotly.graph_objects as go

from collapse_core.lead_times import LeadTimes
from collapse_ui import palette
from collapse_ui.figures.style import new_figure

# Colour and shape both carry the group, so the chart reads in grey too.
GROUP_STYLE = {
    "tail": ("tail", palette.VERMILLION, "diamond"),
    "minority": ("minority", palette.REDDISH_PURPLE, "square"),
    "average": ("average", palette.BLUE, "circle"),
    "distance": ("distance to the truth", palette.GREY, "circle-open"),
}
ROW_HEIGHT = 26


def lead_time_figure(table: LeadTimes) -> go.Figure:
    """Metrics on the y-axis (earliest mover on top), generations on the x-axis; metrics that
    never moved sit at the last generation as open crosses ("not by generation G")."""
    pct = f"{table.threshold:.0%}"
    fig = new_figure("Which measurement notices first", "generation of the first move", "")
    names = [r.metric for r in table.rows]
    for group, (label, colour, symbol) in GROUP_STYLE.items():
        rows = [r for r in table.rows if r.group == group and r.generation is not None]
        if not rows:
            continue
        fig.add_trace(
            go.Scatter(
                x=[r.generation for r in rows],
                y=[r.metric for r in rows],
                mode="markers",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 13,
                    "line": {"width": 1.5, "color": colour},
                },
                name=label,
                hovertemplate=f"%{{y}}: moved more than {pct} at generation %{{x}}<extra>{label}</extra>",
            )
        )
    never = [r for r in table.rows if r.generation is None]
    if never:
        fig.add_trace(
            go.Scatter(
                x=[table.generations] * len(never),
                y=[r.metric for r in never],
                mode="markers",
                marker={"color": palette.GREY, "symbol": "x-thin-open", "size": 11, "line": {"width": 2}},
                name=f"not by generation {table.generations}",
                hovertemplate=f"%{{y}}: never moved more than {pct}<extra></extra>",
            )
        )
    fig.update_layout(
        height=max(260, 140 + ROW_HEIGHT * len(names)),
        hovermode="closest",
        margin={"l": 190, "r": 20, "t": 60, "b": 10},
        yaxis={"categoryorder": "array", "categoryarray": names[::-1], "type": "category"},
        xaxis={"range": [0, max(table.generations, 1) + 0.5], "rangemode": "tozero"},
    )
    return fig


def caption(table: LeadTimes) -> str:
    """The chart's note: the headline and the rule, in plain words."""
    return (
        f"{table.headline()} A marker is the first generation whose median across chains differs by "
        f"more than {table.threshold:.0%} from generation 1, in the direction that means harm (a tail "
        "shrinking, an error growing). Distances to the truth are listed but left out of the headline: "
        "they start near 0, so any drift is a large relative move."
    )
