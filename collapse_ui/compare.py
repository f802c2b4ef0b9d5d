"""Compare: the page's configuration beside a second one that differs in one respect, on the
same seed, drawn as one figure with shared axes so the difference is honest.

A contrast is a rule "values -> the settings that change". The preset contrast takes the
difference between a preset's two configurations and applies it to the current settings.
Pure (no Streamlit): the classroom's stage and the slide pack draw the same comparison chart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from collapse_core.presets import Preset, settings
from collapse_ui.figures import style
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, flip  # noqa: F401 (re-exported)


def preset_overrides(preset: Preset) -> dict:
    """What the preset's compare side changes (empty without one)."""
    if preset.compare is None:
        return {}
    a, b = settings(preset.config), settings(preset.compare)
    return {k: v for k, v in b.items() if a.get(k) != v}


def other_side(values: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict:
    """B's values: A's with the overrides applied; the seed is A's, always."""
    out = {**values, **{k: v for k, v in overrides.items() if k in values}}
    if "seed" in values:
        out["seed"] = values["seed"]
    return out


def other(
    values: Mapping[str, Any], presets: Mapping[str, Preset], contrasts: Mapping[str, Contrast]
) -> tuple[dict, list[str]] | None:
    """For values["compare"] (off, preset or a contrast's name): B's values and the names of the
    settings that differ; None when compare is off, does not apply, or changes nothing."""
    mode = values.get("compare", "off")
    if mode == "preset":
        preset = presets.get(values.get("preset", ""))
        over = preset_overrides(preset) if preset else {}
    elif mode in contrasts and contrasts[mode].applies(values):
        over = contrasts[mode].overrides(values)
    else:
        return None
    b = other_side(values, over)
    diff = [n for n in b if b[n] != values[n]]
    return (b, diff) if diff else None


def caption(values: Mapping[str, Any]) -> str:
    return f"Both sides run on the same seed ({values['seed']}) and share their axes."


def chart(
    params: Mapping,
    values: Mapping[str, Any],
    side: tuple[dict, Sequence[str]],
    figure: Callable[[Any, Mapping[str, Any]], go.Figure],
    digest_a: Any,
    digest_b: Any,
) -> tuple[str, go.Figure, str]:
    """(title, figure, caption) of the comparison: the page's stage chart for A and for B, side
    by side. `side` is `other(...)`; `figure(digest, values)` the page's stage chart."""
    b_values, diff = side
    label_a, label_b = describe(params, values, diff), describe(params, b_values, diff)
    fig = side_by_side(figure(digest_a, values), figure(digest_b, b_values), label_a, label_b)
    return f"Side by side: {label_a} vs {label_b}", fig, caption(values)


def describe(params: Mapping, values: Mapping[str, Any], names) -> str:
    """'Accumulate: all data so far' etc.: the sides' differing settings in words."""
    parts = []
    for n in names:
        p = params[n]
        parts.append(p.show(values[n]) if hasattr(p, "options") else f"{p.label.lower()} {p.show(values[n])}")
    return "; ".join(parts)


def side_by_side(a: go.Figure, b: go.Figure, label_a: str, label_b: str) -> go.Figure:
    """Two figures of the same kind as one, 1 x 2, with the same x and y ranges."""
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, shared_xaxes=True, horizontal_spacing=0.07)
    for tr in a.data:
        fig.add_trace(tr, row=1, col=1)
    # One legend for both: B's traces join it only for what A does not have (e.g. the limit
    # line that only the accumulate side draws).
    in_legend = {tr.name for tr in a.data if tr.showlegend is not False}
    for tr in b.data:
        tr = go.Scatter(tr)
        if tr.name in in_legend:
            tr.showlegend = False
        fig.add_trace(tr, row=1, col=2)
    lay = a.layout
    fig.update_layout(
        title=lay.title,
        font=lay.font,
        legend=lay.legend,
        margin=lay.margin,
        hovermode=lay.hovermode,
        height=lay.height,
        template=lay.template,
    )
    fig.update_xaxes(title_text=lay.xaxis.title.text, **style.AXES)
    # An automatic axis may pick log on one side and linear on the other (replace falls many
    # decades, accumulate does not): the shared axis is log if either side needs it.
    sides = (lay.yaxis, b.layout.yaxis)
    log = any(ax.type == "log" for ax in sides)
    fig.update_yaxes(**style.AXES, type="log" if log else lay.yaxis.type, exponentformat="power")
    fig.update_yaxes(title_text=lay.yaxis.title.text, row=1, col=1)
    # Each side's range in data units (a log axis keeps its range in decades).
    spans = [
        (10 ** ax.range[0], 10 ** ax.range[1]) if ax.type == "log" else tuple(ax.range)
        for ax in sides
        if ax.range is not None
    ]
    if len(spans) == 2:
        hi = max(s[1] for s in spans)
        if log:  # a linear side's bottom may be 0: the log sides say how low to go
            lo = min(s[0] for s, ax in zip(spans, sides, strict=True) if ax.type == "log" or s[0] > 0)
            style.log_range(fig, lo, hi)
        else:
            fig.update_yaxes(range=[min(s[0] for s in spans), hi])
    # The sides' names sit inside their plots (top left, on a backing): above the plots they
    # would collide with the player's controls.
    for axis, text in (("x", f"A: {label_a}"), ("x2", f"B: {label_b}")):
        fig.add_annotation(
            text=f"<b>{text}</b>",
            xref=f"{axis} domain",
            yref="y domain",
            x=0.02,
            y=0.98,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            font={"size": (lay.font.size or 15) + 1},
            bgcolor="rgba(255,255,255,0.85)",
            borderpad=4,
        )
    return fig
