"""Okabe-Ito colours (Okabe & Ito 2008): distinguishable under the common colour-vision deficiencies.

Every chart takes its colours from the roles below, so a colour means the same thing everywhere:
blue is always the simulation, vermillion always a theory curve, black always the truth.
"""

from __future__ import annotations

BLACK = "#000000"
# Orange and sky blue are Okabe-Ito's hues made darker: the originals (#E69F00, #56B4E9) give
# only 2.3:1 on white, and a chart's lines need 3:1 on both backgrounds (WCAG non-text contrast).
ORANGE = "#B97F00"
SKY_BLUE = "#3A93C8"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#8C8C8C"  # not Okabe-Ito: a neutral for secondary lines, 3.4:1 on white, 5.6:1 on dark

# Roles
SIMULATION = BLUE  # median across replicates, and its band
TRAJECTORY = GREY  # individual chains, drawn thin
TRUTH = BLACK
THEORY_EXPECTED = VERMILLION  # expected value (closed form)
THEORY_TYPICAL = REDDISH_PURPLE  # median / typical path (closed form)
THEORY_LIMIT = BLUISH_GREEN  # a limit or fixed point (closed form)
PICKED = BLUE  # the generation the user picked: one chain's fit, i.e. simulation

# Several series of one kind (tail thresholds, generations), in a fixed order. Yellow is left
# out (too faint on white for a projector), and so is blue, which stays the simulation's own.
SERIES = (SKY_BLUE, BLUISH_GREEN, ORANGE, REDDISH_PURPLE)

# Page backgrounds, text, axes and grid: the light one is every chart's own look (figures/style),
# the dark one the classroom's projector theme.
LIGHT = {"bg": "#FFFFFF", "text": "#000000", "axis": "#222222", "grid": "#D9D9D9", "panel": "#F2F4F7"}
DARK = {"bg": "#0E1117", "text": "#FFFFFF", "axis": "#E6E6E6", "grid": "#3A3F4B", "panel": "#1C2030"}


def rgba(hex_colour: str, alpha: float) -> str:
    """'#RRGGBB' -> 'rgba(r, g, b, alpha)', for translucent bands."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"
