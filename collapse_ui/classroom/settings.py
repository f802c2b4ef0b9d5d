"""The classroom's own URL settings, declared with the same typed specs as a page's.

They join the page's settings in its PageState, so they get the same URL sync and the same
hostile-value fallbacks. Unlike a page's settings they are `optional`: written to the URL only
when they differ from their default, so an ordinary link stays as it was.

    preset=accumulate      the preset shown (its full settings are in the URL too)
    present=1              presentation mode
    theme=dark             light / dark / auto (follow the viewer's Streamlit theme, or the browser's)
    hide=regime,estimator  controls not drawn (their values stay in the URL and still apply)
    show=sample_size       only these controls drawn (hide= still removes from them)
    play=1                 the play / step player
    reduce_motion=1        step instead of animating
    speed=fast             how long Play takes to run through the chain
    at=300                 the generation the player opens at (then the browser holds it)
    compare=preset         a second configuration side by side (off / preset / a contrast)
    predict=1              ask for a prediction before the result is revealed
    room=ABCDEF            a class's room: in the browser that opened it (it holds the room's secret)
                           the QR code and the class's answers; in any other, the phone's view
    phone=1                with room=: the phone's view (the question and a box for the answer)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collapse_core import presets as registry
from collapse_ui.classroom.answers import ALPHABET, CODE_LENGTH
from collapse_ui.params import BoolParam, ChoiceParam, IntParam, Param, quote

NO_PRESET = "none"
SPEEDS = {"slow": 20_000, "normal": 10_000, "fast": 4_000}  # ms for one run through the chain
THEMES = ("auto", "light", "dark")


@dataclass(frozen=True, kw_only=True)
class NamesParam(Param):
    """A comma-separated list of names from a fixed set (e.g. the controls to hide)."""

    options: tuple[str, ...]
    default: tuple[str, ...] = ()
    optional: bool = True

    def parse(self, text: str) -> tuple[str, ...]:
        names = tuple(n.strip().lower() for n in text[:2000].split(",") if n.strip())
        unknown = [n for n in names if n not in self.options]
        if unknown:
            # Untrusted text: each name quoted as code, never rendered as Markdown (links, images).
            raise ValueError(f"names no control of this page ({', '.join(quote(n) for n in unknown[:3])})")
        return tuple(dict.fromkeys(names))

    def clean(self, value) -> tuple[str, ...]:
        return tuple(value)

    def format(self, value) -> str:
        return ",".join(value)

    def show(self, value) -> str:
        return ", ".join(value) or "none"


@dataclass(frozen=True, kw_only=True)
class RoomParam(Param):
    """A room code for the class's answers (answers.CODE_LENGTH letters; empty: no room)."""

    default: str = ""
    optional: bool = True

    def parse(self, text: str) -> str:
        code = text.strip().upper()
        if not code:
            return ""
        if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
            raise ValueError(f"is not a room code ({CODE_LENGTH} letters)")
        return code

    def show(self, value: str) -> str:
        return value or "none"


CLASSROOM_NAMES = (
    "preset",
    "present",
    "theme",
    "hide",
    "show",
    "play",
    "reduce_motion",
    "speed",
    "at",
    "compare",
    "predict",
    "room",
    "phone",
)


def classroom_params(
    page: str, page_params: Sequence[Param], *, contrasts: Mapping[str, str], max_generations: int
) -> tuple[Param, ...]:
    """The classroom settings for one page (its presets, its controls, its contrasts)."""
    names = registry.for_page(page)
    controls = tuple(p.name for p in page_params) + CLASSROOM_NAMES
    return (
        ChoiceParam(
            optional=True,
            name="preset",
            label="Preset from the papers",
            default=NO_PRESET,
            options=(NO_PRESET, *names),
            labels={NO_PRESET: "None: my own settings", **{n: p.title for n, p in names.items()}},
            help="Sets every control to a configuration from a paper, with its explanation.",
        ),
        BoolParam(
            optional=True,
            name="present",
            label="Presentation mode",
            default=False,
            help="Large type, high contrast, controls tucked away: for a projector.",
        ),
        ChoiceParam(
            optional=True,
            name="theme",
            label="Colours",
            default="auto",
            options=THEMES,
            labels={"auto": "Follow the app's theme", "light": "Light", "dark": "Dark"},
            help="Light or Dark sets the whole page, charts and controls, through Streamlit's own "
            "themes (the page reloads once, with its settings). Follow: the page takes the theme "
            "picked in the app menu (⋮ > Settings) or, by default, the browser's.",
        ),
        NamesParam(
            name="hide",
            label="Hidden controls",
            options=controls,
            help="Controls left out of the page; their values still apply.",
        ),
        NamesParam(name="show", label="Only these controls", options=controls),
        BoolParam(
            optional=True,
            name="play",
            label="Play through the generations",
            default=False,
            help="Reveal the chain generation by generation.",
        ),
        BoolParam(
            optional=True,
            name="reduce_motion",
            label="Reduce motion",
            default=False,
            help="No animation: step through the generations instead.",
        ),
        ChoiceParam(
            optional=True,
            name="speed",
            label="Speed",
            default="normal",
            options=tuple(SPEEDS),
            labels={"slow": "Slow (20 s)", "normal": "Normal (10 s)", "fast": "Fast (4 s)"},
        ),
        IntParam(
            optional=True,
            name="at",
            label="Generation",
            default=0,
            low=0,
            high=max_generations,
            help="The player shows the chain up to this generation.",
        ),
        ChoiceParam(
            optional=True,
            name="compare",
            label="Compare with",
            default="off",
            options=("off", "preset", *contrasts),
            labels={"off": "Nothing", "preset": "The preset's other side", **contrasts},
            help="A second configuration, side by side, on the same seed.",
        ),
        BoolParam(
            optional=True,
            name="predict",
            label="Predict, then run",
            default=False,
            help="Ask the class for a prediction before the result is revealed.",
        ),
        RoomParam(name="room", label="Class room"),
        BoolParam(
            optional=True,
            name="phone",
            label="Phone view",
            default=False,
            help="With a room: the question and a box for the answer, for a phone.",
        ),
    )
