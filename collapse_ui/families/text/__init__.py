"""The text page ("Text that forgets"): settings, page spec, headlines, charts and the
lost-words table (the digest: digest.py; charts: figures/).

A word n-gram model of real text writes the next generation's training text, with the decoding
knobs real systems use (temperature, top-k, top-p). Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from collapse_core.text import TextConfig
from collapse_core.text import corpus as corpus_mod
from collapse_core.text.config import MAX_ORDER
from collapse_ui import chain_params
from collapse_ui.families.text.digest import BANDS, MAX_WORDS, TextDigest, digest_result  # noqa: F401 (the page's digest)
from collapse_ui.families.text.figures import charts as text_charts
from collapse_ui.headlines import Headline, share
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.params import ChoiceParam, FloatParam, IntParam, LadderParam, Param
from collapse_ui.registry import PageSpec

MAX_GENERATIONS = 200
SIZES = tuple(v for v in chain_params.LADDER if 200 <= v <= 200_000)


@dataclass(frozen=True, kw_only=True)
class CorpusParam(Param):
    """The corpus name: "python-docs" or "upload-<hash>" (the text itself never enters a URL)."""

    def parse(self, text: str) -> str:
        try:
            corpus_mod.check_name(text)
        except ValueError:
            raise ValueError("not a corpus name (python-docs, or an uploaded text's upload-… name)") from None
        return text


PARAMS = (
    CorpusParam(
        name="corpus",
        label="Real text",
        default=corpus_mod.DEFAULT,
        help=f"{corpus_mod.DEFAULT}: {corpus_mod.DEFAULT_SOURCE}. An uploaded text is named by a hash "
        "of its content; the link carries only that name, so it works only on this server while "
        "the text is in its memory.",
    ),
    IntParam(
        name="order",
        label="n-gram order",
        default=2,
        low=1,
        high=MAX_ORDER,
        help="How many words the model looks at: 1 = each word on its own, 2 = the word before, and so on.",
    ),
    *chain_params.DECODING,
    FloatParam(
        name="smoothing",
        label="Smoothing (add-k)",
        default=0.0,
        low=0.0,
        high=1.0,
        step=0.01,
        help="Adds k to every count, so any word can follow any word; 0 is plain counting.",
    ),
    LadderParam(
        name="sample_size",
        label="Tokens per generation",
        default=5_000,
        options=SIZES,
        help="How many tokens (words and sentence ends) each new model learns from.",
    ),
    dataclasses.replace(chain_params.GENERATIONS, default=50, high=MAX_GENERATIONS),
    ChoiceParam(
        name="regime",
        label="Training text each generation",
        default="replace",
        options=("replace", "accumulate"),
        labels={"replace": "Replace: the newest text only", "accumulate": "Accumulate: all text so far"},
    ),
    dataclasses.replace(chain_params.REAL_FRACTION, label="Share of real text"),
    dataclasses.replace(
        chain_params.REAL_SOURCE,
        labels={"fresh": "A fresh real passage every generation", "fixed": "The same real passage, reused"},
    ),
    LadderParam(
        name="replicates",
        label="Chains run side by side",
        default=5,
        options=(1, 2, 5, 10, 20),
        help="Independent chains; the band shows where 90% of them lie.",
    ),
    chain_params.SEED,
)
PARAMS, config_from = chain_params.settings(PARAMS, TextConfig)

TOO_LARGE_TIP = "Every token is written word by word: try fewer tokens, generations or chains."
SAMPLE_GENERATIONS = (0, 1, 5, 20, 50)


def headlines(d: TextDigest) -> list[Headline]:
    b, last = d.bands, d.last
    w0, w1, wl = (float(b["distinct_words"].median[i]) for i in (0, 1, -1))
    return [
        Headline(
            "Words left",
            f"{wl:,.0f}",
            f"Distinct words in generation {last:,}'s training text (median chain); "
            f"the real text has {w0:,.0f} and generation 1's sample {w1:,.0f}.",
        ),
        Headline(
            "Top-10 share",
            share(float(b["top10_share"].median[-1])),
            f"The 10 most common words' share of the text at generation {last:,} (real text: "
            f"{share(float(b['top10_share'].median[0]))}).",
        ),
        Headline(
            "Perplexity",
            f"{float(b['perplexity'].median[-1]):,.0f}",
            f"On held-out real text at generation {last:,} (generation 1: "
            f"{float(b['perplexity'].median[1]):,.0f}). Lower is better.",
        ),
        Headline(
            "Words lost",
            f"{float(b['words_lost'].median[-1]):,.0f}",
            "Words of the real text no longer used (median chain).",
        ),
    ]


def charts(d: TextDigest, values: dict[str, Any] | None = None) -> list[tuple[str, go.Figure, str]]:
    return [
        (text_charts.CHARTS[m][0], text_charts.figure(d, m), text_charts.caption(d, m))
        for m in text_charts.CHARTS
    ]


def stage_figure(d: TextDigest, values: dict[str, Any] | None = None) -> go.Figure:
    return text_charts.figure(d, "distinct_words")


def _knobs(values: dict[str, Any]) -> str:
    parts = [f"T = {values['temperature']:g}"]
    if values["top_k"]:
        parts.append(f"top-k {values['top_k']}")
    if values["top_p"] < 1:
        parts.append(f"top-p {values['top_p']:g}")
    if values["smoothing"]:
        parts.append(f"add-{values['smoothing']:g}")
    return ", ".join(parts)


def settings_line(values: dict[str, Any]) -> str:
    real = values["real_fraction"]
    mix = "no real text" if real == 0 else f"{real:.0%} real text ({values['real_source']})"
    return (
        f"Text · {values['corpus']} · {values['order']}-gram · {_knobs(values)} · {values['sample_size']:,} "
        f"tokens per generation · {values['generations']:,} generations · {values['regime']} · {mix} · "
        f"{values['replicates']} chains · seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    real = chain_params.real_stem(values)
    return (
        f"text_{values['corpus']}_n{values['order']}_T{values['temperature']:g}{chain_params.truncation_stem(values)}_M{values['sample_size']}"
        f"_G{values['generations']}_{values['regime']}{real}_R{values['replicates']}_seed{values['seed']}"
    ).replace(".", "p")


WORD_COLUMNS = {
    "word": ("Word", "A word of the real text that chain 1 no longer writes."),
    "real_count": ("Times in the real text", "How often the word occurs in the real text."),
    "gone_at": (
        "Vanished at generation",
        "The first generation whose training text lacks it (1: never in "
        "generation 1's sample of the real text).",
    ),
}

QUESTION = Question(
    metric="top10_share",
    threshold=0.5,
    ask=lambda g: (
        f"After {g:,} generations, will the 10 most common words make up **more** or **less** than half "
        "of the text?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations they make up **{share(v)}** of the text: "
        f"{'more' if v > 0.5 else 'less'} than half."
    ),
)

CONTRASTS = (
    *DEFAULT_CONTRASTS,
    Contrast("temperature", "Temperature 1 vs 0.7", flip("temperature", 1.0, 0.7)),
    Contrast("top_p", "No truncation vs top-p 0.9", flip("top_p", 1.0, 0.9)),
)

PAGE = PageSpec(
    name="text",
    url_path="text",
    title="Text that forgets: a language model trained on its own writing",
    nav_title="Text that forgets",
    icon=":material/edit_note:",
    section="Watch it happen",
    script="pages/text.py",
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
    contrasts=CONTRASTS,
    question=QUESTION,
)
