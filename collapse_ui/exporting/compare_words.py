"""What a slide pack exported with compare on says about its two sides: the settings line
names A's settings and what B changes, the file-name stem carries B's differing values, and
config.json holds both sides' settings and configs. A picture of two runs must not describe
only one of them. Pure: no Streamlit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from collapse_ui import compare

SEP = " · "  # between the parts of a page's settings line

SEP = " · "  # between the parts of a page's settings line


def settings_line(
    line: Callable[[dict[str, Any]], str], params: Mapping, a: dict, b: dict, diff: Sequence[str]
) -> str:
    """A's settings line, then what B changes, in the family's own words (the parts of B's line
    that differ from A's), else as the compare chart names it."""
    a_line, b_line = line(a), line(b)
    a_parts = set(a_line.split(SEP))
    changed = [p for p in b_line.split(SEP) if p not in a_parts]
    words = SEP.join(changed) if changed else compare.describe(params, b, diff)
    return f"A: {a_line} | B: {words}, same seed"


def file_stem(stem: Callable[[dict[str, Any]], str], a: dict, b: dict) -> str:
    """A's stem, then "_vs_" and the parts of B's stem that differ from A's (its whole stem
    when they share no part: a file name must tell the two packs apart)."""
    a_stem, b_stem = stem(a), stem(b)
    a_parts = set(a_stem.split("_"))
    extra = [p for p in b_stem.split("_") if p not in a_parts]
    if not extra and a_stem != b_stem:
        extra = [b_stem]
    if not extra:  # B's difference does not show in a stem (e.g. an unnamed display setting)
        extra = ["B"]
    return f"{a_stem}_vs_{'_'.join(extra)}"


def meta(a_meta: dict, b: dict, b_config: Any, diff: Sequence[str], mode: str) -> dict:
    """config.json: A's block as before (settings, config) plus `compare` with both sides."""
    return {
        **a_meta,
        "compare": {
            "mode": mode,
            "differs": list(diff),
            "A": {"settings": a_meta["settings"], "config": a_meta["config"]},
            "B": {
                "settings": dict(b),
                "config": b_config.asdict() if hasattr(b_config, "asdict") else b_config,
            },
        },
    }
