"""Every chart's line and marker colours stand out from the plot background by at least 3:1
(WCAG 2.2, 1.4.11 non-text contrast) in the light look and in the dark one (the classroom's
restyle), computed with WCAG's relative luminance after the trace's opacity; and theory is never
told from simulation by colour alone: every theory curve is dashed or dotted, every simulated
median solid."""

from __future__ import annotations

import functools
import re

import plotly.graph_objects as go
import pytest

from collapse_core import simulate
from collapse_ui import palette, registry
from collapse_ui.classroom import presentation

MIN_CONTRAST = 3.0
SPECS = sorted(registry.pages())


def rgb(colour: str) -> tuple[tuple[float, float, float], float]:
    """('#RRGGBB' | 'rgb(...)' | 'rgba(...)') -> ((r, g, b) in 0-255, alpha)."""
    c = colour.strip().lower()
    if c.startswith("#"):
        c = c if len(c) == 7 else "#" + "".join(ch * 2 for ch in c[1:4])
        return tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)), 1.0
    parts = [float(v) for v in re.findall(r"[\d.]+", c)]
    named = {"black": (0, 0, 0), "white": (255, 255, 255)}
    if c in named:
        return named[c], 1.0
    return tuple(parts[:3]), parts[3] if len(parts) > 3 else 1.0


def luminance(c) -> float:
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over(colour: str, opacity: float, background: str):
    """The colour as drawn: blended with the background by its alpha and the trace's opacity."""
    (fg, alpha), (bg, _) = rgb(colour), rgb(background)
    a = alpha * opacity
    return tuple(a * f + (1 - a) * b for f, b in zip(fg, bg, strict=True))


@functools.cache
def charts(name: str):
    spec = registry.get(name)
    values = spec.defaults()
    d = spec.digest(simulate(spec.config_from(values)))
    return [(title, fig) for title, fig, _ in spec.charts(d, values)]


def drawn_colours(fig: go.Figure):
    """(trace name, colour, opacity) of every visible line and single-colour marker set."""
    for t in fig.data:
        if t.visible is False:
            continue
        opacity = 1.0 if t.opacity is None else float(t.opacity)
        line = getattr(t, "line", None)
        mode = getattr(t, "mode", None) or "lines"
        if line is not None and isinstance(line.color, str) and (line.width is None or line.width > 0):
            if "lines" in mode or t.type != "scatter":
                yield t.name or t.type, line.color, opacity
        marker = getattr(t, "marker", None)
        if marker is not None and isinstance(marker.color, str) and ("markers" in mode or t.type == "bar"):
            yield t.name or t.type, marker.color, opacity


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", SPECS)
def test_every_trace_colour_has_3_to_1_against_the_plot_background(name, theme):
    failing = []
    for title, fig in charts(name):
        if theme == "dark":
            fig = presentation.restyle(go.Figure(fig), present=False, dark=True)
            background = palette.DARK["bg"]
        else:
            background = fig.layout.plot_bgcolor or palette.LIGHT["bg"]
        for trace, colour, opacity in drawn_colours(fig):
            ratio = contrast(over(colour, opacity, background), rgb(background)[0])
            if ratio < MIN_CONTRAST:
                failing.append(f"{title} / {trace}: {colour} x{opacity:g} = {ratio:.2f}:1")
    assert not failing, "\n".join(failing)


@pytest.mark.parametrize("name", SPECS)
def test_theory_is_dashed_and_the_simulation_solid(name):
    for title, fig in charts(name):
        for t in fig.data:
            label = t.name or ""
            dash = getattr(getattr(t, "line", None), "dash", None)
            if label.startswith("theory:"):
                assert dash not in (None, "solid"), f"{title} / {label} is solid"
            elif label.endswith(": median"):
                assert dash in (None, "solid"), f"{title} / {label} is {dash}"


def test_the_palette_roles_pass_on_both_backgrounds():
    for role in ("SIMULATION", "TRAJECTORY", "THEORY_EXPECTED", "THEORY_TYPICAL", "THEORY_LIMIT", "PICKED"):
        colour = getattr(palette, role)
        for bg in (palette.LIGHT["bg"], palette.DARK["bg"]):
            assert contrast(rgb(colour)[0], rgb(bg)[0]) >= MIN_CONTRAST, (role, colour, bg)
    for colour in palette.SERIES:
        for bg in (palette.LIGHT["bg"], palette.DARK["bg"]):
            assert contrast(rgb(colour)[0], rgb(bg)[0]) >= MIN_CONTRAST, ("SERIES", colour, bg)
