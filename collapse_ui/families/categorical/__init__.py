"""The categorical family's page ("Vanishing tails", served at /vocabulary): settings, page
spec, headlines, charts and the vanished-words table (the digest: digest.py; charts: figures/).

A categorical distribution (a vocabulary) is re-estimated from its own samples; rare words are
the first to vanish. Nothing here imports Streamlit: `charts(digest, values)` returns the page's
figures with their titles and captions, so the page and the export share one builder.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import plotly.graph_objects as go

from collapse_core.categorical import (
    TAIL_RANKS,
    CategoricalConfig,
)
from collapse_core.categorical.config import MAX_CATEGORIES, MAX_ENGLISH_CATEGORIES
from collapse_core.categorical.formulas import fresh_words as core_fresh_words
from collapse_ui import chain_params
from collapse_ui.families.categorical.digest import (  # noqa: F401 (the page's digest)
    MAX_WORDS,
    RANK_POINTS,
    Snapshot,
    VocabDigest,
    digest_result,
)
from collapse_ui.families.categorical.figures import coverage as vocab_coverage
from collapse_ui.families.categorical.figures import lost as vocab_lost
from collapse_ui.families.categorical.figures import rank as vocab_rank
from collapse_ui.families.categorical.figures import surviving as vocab_surviving
from collapse_ui.figures import collapse
from collapse_ui.headlines import Headline, first_below, percent, share
from collapse_ui.kit import DEFAULT_CONTRASTS, Question
from collapse_ui.own_data.param import DATA
from collapse_ui.params import ChoiceParam, FloatParam, LadderParam
from collapse_ui.registry import PageSpec

LADDER = chain_params.LADDER
MAX_K = {"zipf": MAX_CATEGORIES, "uniform": MAX_CATEGORIES, "english": MAX_ENGLISH_CATEGORIES}
MAX_GENERATIONS = chain_params.MAX_GENERATIONS

PARAMS = (
    ChoiceParam(
        name="truth",
        label="The true vocabulary",
        default="zipf",
        options=("zipf", "uniform", "english"),
        labels={
            "zipf": "Zipf: a few common words, many rare ones",
            "uniform": "Uniform: every word equally common",
            "english": "Real English word frequencies",
        },
        help="What real text looks like. Real word frequencies follow Zipf's law closely.",
    ),
    LadderParam(
        name="categories",
        label="Words in the vocabulary",
        default=1000,
        options=tuple(v for v in LADDER if v <= MAX_CATEGORIES),
        help=f"K, the number of different words. English: the {MAX_ENGLISH_CATEGORIES:,} most common "
        "words at most.",
    ),
    FloatParam(
        name="zipf_exponent",
        label="Zipf exponent",
        default=1.0,
        low=0.0,
        high=3.0,
        step=0.05,
        help="How quickly words get rarer with rank: the word of rank k has probability "
        "proportional to 1 / k^s. 0 is uniform; real text is close to 1.",
    ),
    FloatParam(
        name="zipf_offset",
        label="Zipf-Mandelbrot offset b",
        default=0.0,
        low=0.0,
        high=100.0,
        step=0.5,
        optional=True,  # in a link only when set: links made before it stay as they were
        help="Flattens the head of the law: the word of rank k has probability proportional to "
        "1 / (k + b)^s. 0 is Zipf's law; Suresh et al. (2025) use b > 0.",
    ),
    LadderParam(
        name="sample_size",
        label="Tokens per generation",
        default=2000,
        options=LADDER,
        help="How many words each new model learns from. Fewer tokens: rare words vanish faster.",
    ),
    dataclasses.replace(chain_params.GENERATIONS, default=100),
    dataclasses.replace(
        chain_params.REGIME,
        labels={
            "replace": "Replace: the newest text only",
            "accumulate": "Accumulate: all text so far",
            "accumulate-subsample": "Accumulate, then draw a sample from it",
        },
    ),
    FloatParam(
        name="smoothing",
        label="Smoothing (add-α)",
        default=0.0,
        low=0.0,
        high=1.0,
        step=0.01,
        help="Adds α to every word's count before the frequencies are computed, so no word ever "
        "gets probability zero. 0 is plain counting (maximum likelihood).",
    ),
    # In a link only when set: links made before the knobs existed stay as they were.
    *(dataclasses.replace(p, optional=True) for p in chain_params.DECODING),
    dataclasses.replace(
        chain_params.REAL_FRACTION,
        help="The share of each generation's text that is real rather than written by the "
        "previous model. Fresh real text can bring a lost word back.",
    ),
    dataclasses.replace(
        chain_params.REAL_SOURCE,
        labels={"fresh": "Fresh real text every generation", "fixed": "The same original text, reused"},
    ),
    dataclasses.replace(chain_params.REPLICATES, default=100),
    chain_params.SEED,
    DATA,
)
PARAMS, config_from = chain_params.settings(PARAMS, CategoricalConfig)


TOO_LARGE_TIP = (
    "Plain counting without fresh real data is the fast case: lost words are dropped and cost "
    "nothing. Fresh real data and smoothing keep every word in play, so each generation costs "
    "the whole vocabulary: try fewer words, chains or generations."
)


def max_categories(truth: str) -> int:
    return MAX_K[truth]


# ---------------------------------------------------------------- headlines, charts, table


def fresh_words(d: VocabDigest) -> str:
    """What the no-recursion baseline is, in words (training-set size per regime)."""
    return core_fresh_words(d.config)


def headlines(d: VocabDigest) -> list[Headline]:
    cfg, last, what = d.config, d.last, d.noun
    k = cfg.categories
    alive = d.bands["surviving"].median
    tail_key = next(
        (
            f"tail_coverage_top{c}"
            for c in sorted(TAIL_RANKS, reverse=True)
            if f"tail_coverage_top{c}" in d.bands
        ),
        None,
    )
    back = float(d.bands["revived_total"].median[-1])
    fresh = d.theory.get("fresh_sample_surviving")
    out = [
        Headline(
            f"{what.capitalize()} left",
            f"{alive[-1]:,.0f} of {k:,}",
            f"At generation {last:,}: how many of the {k:,} {what} the median chain still uses."
            + (
                f" {fresh_words(d).capitalize()} would hold about {float(fresh[-1]):,.0f} of them: the "
                "rest are missed by a finite sample, with no recursion at all."
                if fresh is not None
                else ""
            ),
        )
    ]
    if fresh is not None:
        fresh = np.asarray(fresh, dtype=float)
        lost = max(float(fresh[-1] - alive[-1]), 0.0)
        half = first_below(alive[1:] / fresh[1:], 0.5)
        when = (
            f"the median chain fell below half of that baseline at generation {half + 1:,}"
            if half is not None
            else f"the median chain never fell below half of that baseline within {last:,} generations"
        )
        out.append(
            Headline(
                "Lost to recursion",
                f"{lost:,.0f}",
                f"At generation {last:,}: {what} the median chain has lost beyond what {fresh_words(d)} misses "
                f"(theory: about {k - float(fresh[-1]):,.0f} of {k:,}, by chance alone); {when}.",
            )
        )
    else:
        out.append(
            Headline(
                "Lost to recursion",
                "–",
                f"The fresh-sample baseline is too costly to compute for "
                f"{k:,} {what} over {last:,} accumulating generations.",
            )
        )
    if tail_key is not None:
        c = tail_key.removeprefix("tail_coverage_top")
        out.append(
            Headline(
                f"Rare {what} still known",
                percent(float(d.bands[tail_key].median[-1])),
                f"At generation {last:,}: of all the probability the truth gives to {what} "
                f"beyond the {c} most common, the share the median chain can still produce.",
            )
        )
    else:
        out.append(Headline(f"Rare {what} still known", "–", f"Too few {what} to have a tail (K ≤ 10)."))
    out.append(
        Headline(
            "Brought back",
            f"{back:,.0f}",
            f"Comebacks by generation {last:,} in the median chain: {what} that were lost "
            "and returned. Only fresh real data, smoothing or a kept pool can do it.",
        )
    )
    return out


def charts(d: VocabDigest, values: dict[str, Any] | None = None) -> list[tuple[str, go.Figure, str]]:
    """The page's charts in order: (title, figure, one plain caption). `values` (the page's
    settings) is unused for now: every setting is in the digest's config."""
    out = [
        (m.TITLE, m.figure(d), m.caption(d))
        for m in (vocab_surviving, vocab_rank, vocab_coverage, vocab_lost)
    ]
    out.append(
        (
            collapse.TITLE,
            collapse.figure(d, collapse.CATEGORICAL_LINES),
            collapse.caption(d, "collapsed", f"one {'word' if d.noun == 'words' else 'category'} left"),
        )
    )
    return out


def _truth_words(values: dict[str, Any]) -> str:
    if values.get("data"):
        return f"the labels of your data set {values['data'][:12]}"
    if values["truth"] == "zipf":
        b = values.get("zipf_offset", 0.0)
        law = (
            f"Zipf-Mandelbrot s = {values['zipf_exponent']:g}, b = {b:g}"
            if b
            else f"Zipf s = {values['zipf_exponent']:g}"
        )
        return f"{law} over {values['categories']:,} words"
    if values["truth"] == "uniform":
        return f"uniform over {values['categories']:,} words"
    return f"top {values['categories']:,} English words"


def _decoding(values: dict[str, Any]) -> tuple[float, int, float]:
    return values.get("temperature", 1.0), values.get("top_k", 0), values.get("top_p", 1.0)


def settings_line(values: dict[str, Any]) -> str:
    """The settings and seed in one line, for captions under exported charts."""
    real = values["real_fraction"]
    mix = "no real text" if real == 0 else f"{real:.0%} real text ({values['real_source']})"
    smooth = f" · add-{values['smoothing']:g} smoothing" if values["smoothing"] else ""
    temp, top_k, top_p = _decoding(values)
    smooth += (
        (f" · temperature {temp:g}" if temp != 1 else "")
        + (f" · top-k {top_k:,}" if top_k else "")
        + (f" · top-p {top_p:g}" if top_p < 1 else "")
    )
    return (
        f"Vocabulary · {_truth_words(values)} · {values['sample_size']:,} tokens per generation · "
        f"{values['generations']:,} generations · {values['regime']} · {mix}{smooth} · "
        f"{values['replicates']:,} chains · seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    """A file name carrying the page, the key settings and the seed (letters, digits, - and _)."""
    real = chain_params.real_stem(values)
    smooth = f"_alpha{values['smoothing']:g}" if values["smoothing"] else ""
    temp = values.get("temperature", 1.0)
    smooth += (f"_T{temp:g}" if temp != 1 else "") + chain_params.truncation_stem(values)
    offset = values.get("zipf_offset", 0.0) if values["truth"] == "zipf" else 0.0
    law = f"{values['truth']}-b{offset:g}" if offset else values["truth"]
    if values.get("data"):
        law = f"data-{values['data'][:12]}"
    return (
        f"vocabulary_{law}_K{values['categories']}_M{values['sample_size']}"
        f"_G{values['generations']}_{values['regime']}{real}{smooth}_R{values['replicates']}"
        f"_seed{values['seed']}"
    ).replace(".", "p")


# Column -> (heading, help) of the vanished-words table; the page adds the formats.
WORD_COLUMNS = {
    "word": ("Word", "An English word that the chain's model can no longer produce."),
    "rank": ("Rank", "1 is the most common word in real English text."),
    "one_in": ("Once in every … words", "How often the word appears in real English text."),
    "gone_at": ("Gone at generation", "The generation from which the model never used it again."),
    "came_back": ("Came back before", "Lost once already, returned, and then lost again."),
}


def word_summary(d: VocabDigest) -> str:
    """One plain sentence over the vanished-words table."""
    last, k, n = d.last, d.config.categories, d.words_lost
    if not n:
        return f"In chain 1 not one of the {k:,} words is missing at generation {last:,}."
    shown = f"the {MAX_WORDS:,} most common of them" if n > MAX_WORDS else "them"
    return (
        f"In chain 1, {n:,} of the {k:,} words are gone by generation {last:,} (the rarest went "
        f"first); the most common one lost is “{d.words['word'][0]}” (rank {d.words['rank'][0]:,}), gone at "
        f"generation {d.words['gone_at'][0]:,}. The table lists {shown}, most common first: click a "
        "heading to sort."
    )


def stage_figure(d: VocabDigest, values: dict[str, Any] | None = None) -> go.Figure:
    """The chart the classroom's player and compare mode show."""
    return vocab_surviving.figure(d)


QUESTION = Question(
    metric="surviving_fraction",
    threshold=0.5,
    ask=lambda g: (
        f"After {g:,} generations, will the typical chain still use **more** or **fewer** "
        f"than half of the words in the vocabulary?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations the median chain still uses **{share(v)}** of the "
        f"words: {'more' if v > 0.5 else 'fewer'} than half."
    ),
    words=("more", "fewer"),
    estimate=lambda g: (
        f"After {g:,} generations, what share of the vocabulary's words does the "
        f"typical chain still use? Answer in percent (100 = every word)."
    ),
)

PAGE = PageSpec(
    name="categorical",
    url_path="vocabulary",
    aliases=("vocabulary",),
    title="Vanishing tails: a vocabulary learned from its own output",
    nav_title="Vanishing tails",
    icon=":material/text_fields:",
    section="Watch it happen",
    script="pages/categorical.py",
    params=PARAMS,
    config_from=config_from,
    digest=digest_result,
    charts=charts,
    stage_figure=stage_figure,
    headlines=headlines,
    settings_line=settings_line,
    file_stem=file_stem,
    max_generations=MAX_GENERATIONS,
    too_large_tip=TOO_LARGE_TIP,
    question=QUESTION,
    contrasts=DEFAULT_CONTRASTS,
)
