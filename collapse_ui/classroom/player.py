"""Play, pause, step: reveal a chain generation by generation.

The animation runs in the browser, as Plotly animation frames. Each frame carries no data:
the traces hold the whole chain once, and a frame only moves a "curtain" (a rectangle in the
background colour, drawn above the traces from generation t to the end) and a marker line.
A frame is a few hundred bytes whatever the number of generations, and frames are spread over
at most MAX_FRAMES positions, so 1000 or 5000 generations play as smoothly as 50, with no
server round trip per frame (a server loop would rerun the script, rebuild and resend every
figure for each step: 100-300 ms each here, and worse with many viewers).

Reduced motion: no frames and no Play button; the generation is chosen on the server, by
Step buttons and a scrubber, and the chart is redrawn at once (no transition).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from collapse_ui.classroom.console import CURTAIN_NAME, LINE_NAME

MAX_FRAMES = 100
STEPS_PER_CHAIN = 20  # the Step buttons move by 1/20 of the chain


def positions(last: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """Frame generations: 0..last, at most max_frames + 1 of them, both ends included."""
    n = min(last, max_frames) + 1
    return sorted({int(g) for g in np.rint(np.linspace(0, last, n))})


def step_size(last: int) -> int:
    return max(1, round(last / STEPS_PER_CHAIN))


def _axes(fig: go.Figure) -> list[tuple[str, str]]:
    """(x, y) axis ids of each subplot: [("x", "y")] or [("x", "y"), ("x2", "y2")]."""
    found = sorted({(tr.xaxis or "x", tr.yaxis or "y") for tr in fig.data})
    return found or [("x", "y")]


def _overlay(fig: go.Figure, g: int, last: int, colour: str, text_colour: str) -> list[dict]:
    shapes = []
    for x, y in _axes(fig):
        # Every frame has the same shapes in the same order (Plotly merges a frame's shapes into
        # the layout by index: a shorter list would leave a stale line behind): at the end the
        # curtain is there, but invisible.
        shapes.append(
            {
                "type": "rect",
                "name": CURTAIN_NAME,
                "xref": x,
                "yref": f"{y} domain",
                "x0": g,
                "x1": last,
                "y0": 0,
                "y1": 1,
                "fillcolor": colour,
                "line": {"width": 0},
                "layer": "above",
                "visible": g < last,
            }
        )
        shapes.append(
            {
                "type": "line",
                "name": LINE_NAME,
                "xref": x,
                "yref": f"{y} domain",
                "x0": g,
                "x1": g,
                "y0": 0,
                "y1": 1,
                "line": {"color": text_colour, "width": 2, "dash": "dot"},
                "layer": "above",
            }
        )
    return shapes


def animate(
    fig: go.Figure, last: int, at: int, *, duration_ms: int, reduced: bool, font_size: int = 16
) -> go.Figure:
    """Add the curtain at generation `at` and, unless reduced, the frames, Play/Pause and a
    client-side scrubber. `duration_ms` is how long Play takes from generation 0 to the end."""
    at = min(max(int(at), 0), last)
    bg = fig.layout.plot_bgcolor or "#FFFFFF"
    text = fig.layout.font.color or "#000000"
    base = [s.to_plotly_json() for s in fig.layout.shapes]
    fig.update_xaxes(range=[0, last], autorange=False)
    fig.update_layout(shapes=base + _overlay(fig, at, last, bg, text), hovermode=False)
    if reduced:
        return fig
    gens = positions(last)
    if at not in gens:
        gens = sorted({*gens, at})
    frame_ms = max(40, duration_ms // max(1, len(gens) - 1))
    fig.frames = [
        go.Frame(name=str(g), layout={"shapes": base + _overlay(fig, g, last, bg, text)}) for g in gens
    ]
    play = {
        "frame": {"duration": frame_ms, "redraw": True},
        "fromcurrent": True,
        "transition": {"duration": 0},
        "mode": "immediate",
    }
    pause = {"frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}, "mode": "immediate"}
    # The scrubber sits between the title and the plot: the legend keeps its place below.
    fig.update_layout(
        margin={"t": (fig.layout.margin.t or 60) + 4 * font_size},
        title={"y": 0.99, "yanchor": "top", "yref": "container"},
        # Play/Pause are the console's (console.py, beside Step and the keys): the menu stays, hidden,
        # as the one place the animation's options live; the scrubber gets the chart's full width.
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "visible": False,
                "x": 0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
                "pad": {"r": 10, "b": 4},
                "font": {"size": font_size, "color": "#000000"},
                "bgcolor": "#F0F0F0",
                "bordercolor": "#666666",
                "buttons": [
                    {"label": "▶ Play", "method": "animate", "args": [None, play]},
                    {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
                ],
            }
        ],
        sliders=[
            {
                "active": gens.index(at),
                "x": 0,
                "len": 1,
                "y": 1.02,
                "yanchor": "bottom",
                "pad": {"t": 0, "b": 0},
                "ticklen": 0,
                "minorticklen": 0,
                "font": {"color": "rgba(0,0,0,0)", "size": 1},  # step labels would overlap; see currentvalue
                "currentvalue": {"prefix": "generation ", "font": {"size": font_size + 2, "color": text}},
                "bgcolor": "#CCCCCC",
                "activebgcolor": "#0072B2",
                "bordercolor": "#666666",
                "steps": [
                    {
                        "label": str(g),
                        "method": "animate",
                        "args": [
                            [str(g)],
                            {
                                "mode": "immediate",
                                "frame": {"duration": 0, "redraw": True},
                                "transition": {"duration": 0},
                            },
                        ],
                    }
                    for g in gens
                ],
            }
        ],
    )
    return fig
