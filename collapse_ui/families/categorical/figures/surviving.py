"""Vocabulary chart 1: how many words (categories) are still alive, generation by generation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.categorical.digest import VocabDigest

TITLE = "Surviving vocabulary"
METHODS = {"exact": "exact Wright-Fisher", "branching": "large-sample limit"}


def figure(d: VocabDigest) -> go.Figure:
    x, k = d.generations, d.config.categories
    fig = style.new_figure(TITLE, "generation", f"{d.noun} still in use")
    style.level(fig, x, k, f"truth: all {k:,}", palette.TRUTH, width=1.5)
    style.chains(fig, x, d.chains["surviving"])
    style.band(fig, x, d.bands["surviving"], palette.SIMULATION, "simulation")
    if "fresh_sample_surviving" in d.theory:
        # No recursion: what a fresh sample of the training set's size from the truth holds.
        style.theory(
            fig, x, d.theory["fresh_sample_surviving"], fresh_name(d), palette.THEORY_LIMIT, dash="dashdot"
        )
    if "expected_surviving" in d.theory:
        method = METHODS.get(d.theory.get("expected_surviving_method"), "")
        style.theory(
            fig, x, d.theory["expected_surviving"], f"expected value ({method})", palette.THEORY_EXPECTED
        )
    fig.update_yaxes(range=[0, 1.05 * k], rangemode="tozero")
    return fig


def fresh_name(d: VocabDigest) -> str:
    """The baseline's legend entry (style.theory prefixes 'theory: ')."""
    if d.config.regime == "accumulate":
        return "fresh sample as large as the training set, no recursion"
    return f"fresh sample of {d.config.sample_size:,} tokens, no recursion"


def caption(d: VocabDigest) -> str:
    """One sentence; with the fresh-sample line it says what the gap to it means."""
    cfg, noun = d.config, d.noun
    if "fresh_sample_surviving" not in d.theory:
        return _story(d)
    line = "the dash-dot line, a fresh sample of the same size with no recursion"
    if cfg.real_fraction > 0 and cfg.real_source == "fresh":
        return f"Fresh real text keeps re-introducing lost {noun}, so the chains settle at a level: compare it with {line}."
    if cfg.smoothing > 0:
        return f"Smoothing lets lost {noun} return, so the chains stop shrinking: compare their level with {line}."
    if cfg.decodes:
        return (
            f"Sharpened or cut-down sampling (no closed form then) drops rare {noun} faster than chance; "
            f"the gap to {line}, is the recursion's loss."
        )
    if cfg.real_fraction > 0:
        return f"Reused real text protects only the {noun} it contains; the others sink away from {line}."
    if cfg.regime == "accumulate":
        return (
            f"Keeping every token means not one of the {noun} seen is ever lost, but no new one is added either, "
            "while a fresh sample as large as the training set (dash-dot line) keeps finding more."
        )
    if cfg.regime == "accumulate-subsample":
        return (
            f"Even a fresh sample of the same size, with no recursion (dash-dot line), misses the rarest {noun}; "
            "the gap between that line and the chains is what the recursion lost (the pool can return some)."
        )
    return (
        f"Even a fresh sample of the same size, with no recursion (dash-dot line), misses the rarest {noun}; "
        "the gap between that line and the chains is what the recursion lost, for good."
    )


def _story(d: VocabDigest) -> str:
    cfg = d.config
    if cfg.real_fraction > 0 and cfg.real_source == "fresh":
        return (
            f"Fresh real text keeps re-introducing lost {d.noun}, so the vocabulary settles at "
            "a level instead of shrinking for good."
        )
    if cfg.smoothing > 0:
        return (
            f"Smoothing gives every unseen word a little probability, so lost {d.noun} keep "
            "returning and the vocabulary stops shrinking."
        )
    if cfg.real_fraction > 0:
        return (
            f"Reused real text protects only the {d.noun} it happens to contain; all the "
            "others can still vanish for good."
        )
    return (
        f"A word that no token happens to use is gone for good: the number of {d.noun} only "
        "ever goes down, fastest in the first generations."
    )
