"""The presenter's console: the player bar and the keyboard shortcuts, in the browser (the
scripts and the bar's style are files beside this module: console.js in the app's window,
console_frame.js in the console's iframe, console.css).

One position. The stage chart's Plotly animation holds it (its slider and the dotted line at
the played generation); Play/Pause, Start/Back/Step/End, the chart's own slider and the keys all
move that one animation through `window.parent.Plotly` (the component's iframe is same-origin),
so no step costs a server round trip and no control can disagree with another. A rerun that
redraws the same chain (a new speed, presentation switched) keeps the played generation; the
link's `at` is only where a new chain opens.

No spoilers. Everything that shows the end of the chain (headlines, theory, the other charts)
is drawn inside a container that CSS hides until the page's <body> carries
data-collapse-reveal="1". The script sets that attribute only while the played generation is the
last one. Revealing early (R, a tour's reveal step) therefore means playing to the end: the hidden
elements are never displayed while an earlier generation is on screen.

Keys (ignored while typing in a field, on a focused slider or in a select, and with Ctrl/Alt/Meta):
    Space  play / pause (switches the player on if it is off)
    Left / Right  step back / forward   Home / End  start / end
    P      presentation on/off   Esc           leave presentation       R  reveal (jump to the end)
    N      next step of the tour B             previous step of the tour
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from collapse_ui import palette
from collapse_ui.classroom.assets import text as asset

SPOILERS_KEY = "spoilers"  # container key of what the player hides until the end (st-key-spoilers)
STAGE_KEY = "stage"  # container key of the stage chart
EXIT_KEY = "presenter_exit"  # the "Leave presentation" button's container
TOUR_NEXT_KEY, TOUR_BACK_KEY = "tour_next", "tour_back"
LINE_NAME = "player-line"  # the dotted line at the played generation (player.py)
CURTAIN_NAME = "player-curtain"  # the curtain over the generations not yet played (x1: the last)


@dataclass(frozen=True)
class Console:
    """What the script needs to know about the page it drives."""

    present_key: str  # session/widget key of the presentation toggle (st-key-<key> class)
    play_key: str  # ... and of the player's toggle
    player: bool  # the animated player is on (a stage chart with frames)
    step: int = 1  # generations per Step
    present: bool = False
    dark: bool = False
    autoplay: bool = False  # a tour step asked to start playing
    reveal: bool = False  # a tour step reveals the results: the chart jumps to the end
    token: str = ""  # a new tour step: the iframe reloads and runs the step's action once


def spoiler_css() -> str:
    """Hide the results until the script says the end is on screen (or the presenter reveals);
    the note saying where they went shows only while they are hidden."""
    return (
        "<style>"
        f'body:not([data-collapse-reveal="1"]) .st-key-{SPOILERS_KEY} {{ display: none !important; }}'
        f'body[data-collapse-reveal="1"] .st-key-{SPOILERS_KEY}_note {{ display: none !important; }}'
        "</style>"
    )


def _bar(c: Console) -> str:
    colours = palette.DARK if c.dark else palette.LIGHT
    size = 22 if c.present else 16
    buttons = [
        ("start", "« Start", "Home"),
        ("back", "◀ Back", "←"),
        ("play", "▶ Play", "Space"),
        ("step", "Step ▶", "→"),
        ("end", "End: reveal »", "End or R"),
    ]
    html = "".join(f'<button id="{i}" title="{label} ({k})">{label}</button>' for i, label, k in buttons)
    theme = (
        f":root {{ --size: {size}px; --axis: {colours['axis']}; --panel: {colours['panel']}; "
        f"--text: {colours['text']}; --focus: {palette.BLUE}; }}"
    )
    return f"""
<style>{theme}
{asset("console.css")}</style>
<div class="bar">{html}<span id="where" aria-live="polite"></span></div>"""


def page_script() -> str:
    """The script the consoles install in the app's window (console.js)."""
    keys = {
        "stageKey": STAGE_KEY,
        "exitKey": EXIT_KEY,
        "tourNext": TOUR_NEXT_KEY,
        "tourBack": TOUR_BACK_KEY,
        "lineName": LINE_NAME,
        "curtainName": CURTAIN_NAME,
        "spoilersKey": SPOILERS_KEY,
    }
    return asset("console.js").replace("__KEYS__", json.dumps({**keys, "version": VERSION}))


# console.js's version: a page that has an older one installed replaces it.
VERSION = hashlib.sha1(asset("console.js").encode()).hexdigest()[:12]


def _css_key(key: str) -> str:
    """Streamlit's element class for a widget key: st-key- and the key, other characters as "-"."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def html(c: Console) -> str:
    """The component's whole document: the bar (when the player is on) and the script."""
    config = {
        "step": c.step,
        "player": c.player,  # console.js: without the chart's frames the player is mid-redraw
        "autoplay": c.autoplay,
        "reveal": c.reveal,
        "presentKey": _css_key(c.present_key),
        "playKey": _css_key(c.play_key),
        "version": VERSION,
        "token": c.token,
    }
    script = (
        asset("console_frame.js")
        .replace("__CONFIG__", json.dumps(config))
        .replace("__PAGE__", json.dumps(page_script()).replace("</", "<\\/"))
    )
    # A whole document, so assistive technology gets the frame's language and name.
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Player and presenter keys</title></head><body>"
        + (_bar(c) if c.player else "")
        + f"<script>\n{script}</script></body></html>"
    )
