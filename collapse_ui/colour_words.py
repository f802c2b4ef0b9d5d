"""Colour words that are true: the name of each chart colour as it is drawn in the light look
and in the dark one, from the same swap rule the dark look applies (only black, the truth,
becomes white: collapse_ui/classroom/presentation.restyle), so a caption or the About page never
says "black" for a line drawn white. Pure: no Streamlit."""

from __future__ import annotations

import re

from collapse_ui import palette

WHITE = "#FFFFFF"
NAMES = {
    palette.BLACK: "black",
    WHITE: "white",
    palette.BLUE: "blue",
    palette.SKY_BLUE: "sky blue",
    palette.VERMILLION: "vermillion",
    palette.REDDISH_PURPLE: "reddish purple",
    palette.BLUISH_GREEN: "bluish green",
    palette.ORANGE: "orange",
    palette.YELLOW: "yellow",
    palette.GREY: "grey",
}
DARK_SWAP = {palette.BLACK: WHITE}  # what the dark look redraws, and as what


def drawn(colour: str, dark: bool) -> str:
    """The colour a chart line of `colour` is drawn in."""
    return DARK_SWAP.get(colour.upper(), colour.upper()) if dark else colour.upper()


def name(colour: str, dark: bool = False) -> str:
    return NAMES[drawn(colour, dark)]


def themed(text: str, dark: bool) -> str:
    """`text` (a caption written for the light look) with each swapped colour's word replaced
    by the word for what the dark look draws."""
    if not dark:
        return text
    for light, dark_colour in DARK_SWAP.items():
        text = re.sub(rf"\b{NAMES[light]}\b", NAMES[dark_colour], text)
    return text


def roles_sentence(dark: bool = False) -> str:
    """What each colour means on the charts, in the words of the look they are drawn in."""
    return (
        f"{name(palette.SIMULATION, dark).capitalize()} is always the simulation (a solid median line "
        f"and a shaded band where 90% of the chains lie), thin {name(palette.TRAJECTORY, dark)} lines "
        f"are single chains, dashed or dotted coloured lines are formulas from theory "
        f"({name(palette.THEORY_EXPECTED, dark)} the expected value, {name(palette.THEORY_TYPICAL, dark)} "
        f"the typical path, {name(palette.THEORY_LIMIT, dark)} a limit), and "
        f"{name(palette.TRUTH, dark)} is the truth."
    )
