"""Typed settings: how one setting is named in the URL, parsed, checked and written back.

A page lists its settings as specs (`IntParam`, `FloatParam`, `LadderParam`, `ChoiceParam`,
`BoolParam`, `AxisParam`). `parse_query` turns the raw query string into values and a list of problems:
anything unparsable or unknown is left out, a number out of range snaps to the nearest allowed
value, and the problem says why in plain words, so the caller can fall back and warn (tracking
parameters such as utm_source are problems marked silent: no warning). Nothing here imports Streamlit.

Every parser works on untrusted text: it never evaluates it, bounds its length before
converting it, and rejects NaN, infinities and numbers too long to be meant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from collapse_ui.figures import axis

_INT = re.compile(r"[+-]?\d+", re.ASCII)
_FLOAT = re.compile(r"[+-]?(\d{1,20}(\.\d{0,20})?|\.\d{1,20})([eE][+-]?\d{1,3})?", re.ASCII)
# ASCII only: \d alone would accept other scripts' digits, which int() then reads.
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_ECHO = 40  # characters of a raw value repeated back in a warning


class OutOfRange(ValueError):
    """A number that parses but lies outside what the setting allows; `nearest` is the allowed
    value closest to it, which a link snaps to (with a warning naming it)."""

    def __init__(self, message: str, nearest: Any):
        super().__init__(message)
        self.nearest = nearest


@dataclass(frozen=True, kw_only=True)
class Param:
    """One setting. `name` is its URL key; `label` and `help` are what the widget shows."""

    name: str
    label: str
    default: Any
    help: str | None = None
    # Written to the URL only when not at its default (e.g. presentation flags), so an ordinary
    # link stays as it was; every other setting is always written.
    optional: bool = False

    def parse(self, text: str) -> Any:
        """URL text -> value; raises ValueError with a plain-words reason."""
        raise NotImplementedError

    def clean(self, value: Any) -> Any:
        """Normalise a widget's value (e.g. round a float to its step) before it is used."""
        return value

    def format(self, value: Any) -> str:
        """Value -> URL text; parse(format(v)) == clean(v)."""
        return str(value)

    def show(self, value: Any) -> str:
        """Value as a person reads it, for warnings and widget option labels."""
        return self.format(value)


@dataclass(frozen=True, kw_only=True)
class IntParam(Param):
    low: int
    high: int

    def parse(self, text: str) -> int:
        text = text.strip()
        if not _INT.fullmatch(text):
            raise ValueError("is not a whole number")
        # Bound the digits before int(): a megabyte of them is a slow conversion, not a seed.
        value = int(text) if len(text) <= 24 else (-math.inf if text.startswith("-") else math.inf)
        if not self.low <= value <= self.high:
            raise OutOfRange(
                f"is outside {self.low:,} to {self.high:,}", self.low if value < self.low else self.high
            )
        return value

    def show(self, value: int) -> str:
        return f"{value:,}"


@dataclass(frozen=True, kw_only=True)
class FloatParam(Param):
    low: float
    high: float
    step: float

    @property
    def decimals(self) -> int:
        return max(0, -math.floor(math.log10(self.step)))

    def parse(self, text: str) -> float:
        if not _FLOAT.fullmatch(text.strip()):
            raise ValueError("is not a number")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"is outside {self.low:g} to {self.high:g}")
        if not self.low <= value <= self.high:
            raise OutOfRange(
                f"is outside {self.low:g} to {self.high:g}",
                self.clean(self.low if value < self.low else self.high),
            )
        return self.clean(value)

    def clean(self, value: float) -> float:
        # Slider arithmetic in the browser yields 0.30000000000000004; the config (a cache key)
        # and the URL must both see 0.3.
        # + 0.0 turns -0.0 (from "-0" in a link) into 0.0, so the URL never says -0.00.
        return round(float(value), self.decimals) + 0.0

    def format(self, value: float) -> str:
        return f"{self.clean(value):.{self.decimals}f}"

    def show(self, value: float) -> str:
        return f"{self.clean(value):g}"


@dataclass(frozen=True, kw_only=True)
class LadderParam(IntParam):
    """A whole number chosen from fixed steps (e.g. 1-2-5 per decade, for a log-scaled slider)."""

    options: tuple[int, ...]
    low: int = field(init=False)
    high: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", min(self.options))
        object.__setattr__(self, "high", max(self.options))

    def parse(self, text: str) -> int:
        value = super().parse(text)
        if value not in self.options:
            steps = ", ".join(self.show(v) for v in self.options[:3])
            raise OutOfRange(
                f"is not one of the steps ({steps}, …, {self.show(self.high)})", self.nearest(value)
            )
        return value

    def nearest(self, value: int) -> int:
        """The step closest to a value, by ratio (the slider is log-scaled: 300 is nearer 200
        than 500); ties go to the smaller step."""
        if value <= 0 or min(self.options) <= 0:
            return min(self.options, key=lambda o: (abs(o - value), o))
        return min(self.options, key=lambda o: (abs(math.log(o / value)), o))


@dataclass(frozen=True, kw_only=True)
class ChoiceParam(Param):
    """One of a few words; `labels` maps each to what the widget shows."""

    options: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)

    def parse(self, text: str) -> str:
        value = text.strip().lower()
        if value not in self.options:
            raise ValueError(f"is not one of {', '.join(self.options)}")
        return value

    def show(self, value: str) -> str:
        return self.labels.get(value, value)


@dataclass(frozen=True, kw_only=True)
class BoolParam(Param):
    def parse(self, text: str) -> bool:
        value = text.strip().lower()
        if value not in _TRUE + _FALSE:
            raise ValueError("is not on or off (1 or 0)")
        return value in _TRUE

    def clean(self, value: Any) -> bool:
        return bool(value)

    def format(self, value: bool) -> str:
        return "1" if value else "0"

    def show(self, value: bool) -> str:
        return "on" if value else "off"


@dataclass(frozen=True, kw_only=True)
class AxisParam(ChoiceParam):
    """A chart's y-axis: auto, linear or log (collapse_ui/figures/axis.py decides auto). It was
    once an on/off log toggle: old links' 1/0 (true/false, on/off) still read as log/linear."""

    options: tuple[str, ...] = axis.CHOICES
    labels: Mapping[str, str] = field(default_factory=lambda: dict(axis.LABELS))
    default: str = axis.AUTO

    def parse(self, text: str) -> str:
        value = text.strip().lower()
        if value in _TRUE + _FALSE:
            return axis.LOG if value in _TRUE else axis.LINEAR
        return super().parse(text)

    def clean(self, value: Any) -> str:
        if isinstance(value, bool):  # a value saved by the old toggle
            return axis.LOG if value else axis.LINEAR
        return value


@dataclass(frozen=True)
class Problem:
    """A query-string entry that was ignored or changed, and why (plain words, ready for a
    warning). `silent`: ignored without a word (a tracking parameter a link picked up)."""

    key: str
    message: str
    silent: bool = False


# Keys that links pick up on their way through mail, chat and social sites: never settings,
# dropped without a warning (a teacher's shared link must not greet the class with one).
TRACKING_KEYS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "twclid",
        "ttclid",
        "yclid",
        "igshid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "si",
    }
)


def is_tracking(key: str) -> bool:
    return key.lower() in TRACKING_KEYS or key.lower().startswith("utm_")


def parse_query(params: Sequence[Param], query: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """Valid values by name and the problems found. A key is in `values` when its text is valid,
    or a number out of range (then snapped to the nearest allowed value, and also a problem);
    every other key is a problem only."""
    by_name = {p.name: p for p in params}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, text in query.items():
        param = by_name.get(key)
        if param is None:
            problems.append(
                Problem(key, f"{quote(key)} is not a setting of this page; ignored.", silent=is_tracking(key))
            )
            continue
        try:
            values[key] = param.parse(str(text))
        except OutOfRange as exc:
            # A number out of range snaps to the nearest allowed one: generations=999999 shows the
            # most generations there are, not the default.
            values[key] = exc.nearest
            problems.append(
                Problem(
                    key,
                    f"{param.label} ({param.name}): {quote(str(text))} {exc}; "
                    f"using the nearest allowed value, {param.show(exc.nearest)}.",
                )
            )
        except ValueError as exc:
            problems.append(
                Problem(
                    key,
                    f"{param.label} ({param.name}): {quote(str(text))} {exc}; "
                    f"using the default, {param.show(param.default)}.",
                )
            )
    return values, problems


def quote(text: str) -> str:
    """Untrusted text made safe to show in Markdown: shortened, one line, in a code span.

    Nothing inside a code span is interpreted: no links (not even bare URLs, which backslash
    escapes do not stop), emphasis, HTML, LaTeX or Streamlit's :colour[...] directives. A
    backtick would end the span, so backticks become plain quotes.
    """
    text = re.sub(r"\s+", " ", text).replace("`", "'")
    if len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + "…"
    return f"`{text}`" if text.strip() else "an empty value"


def values_from_preset(params: Sequence[Param], preset, hints: Callable[[Any], dict] | None = None) -> dict:
    """A preset's settings for a page: each control from the preset's configuration where it has
    that field, else at its default, then the page's display hints for the preset (e.g. the
    generation picker on the last generation). The page and the export both use this."""
    cfg = preset.config.asdict()
    out = {p.name: p.clean(cfg[p.name]) if p.name in cfg else p.default for p in params}
    if hints is not None:
        out.update({k: v for k, v in hints(preset).items() if k in out})
    return out
