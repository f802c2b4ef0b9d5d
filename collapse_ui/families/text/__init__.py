"""The text page ("Text that forgets"): settings, config builder, digest, charts.

A word n-gram model of real text writes the next generation's training text, with the decoding
knobs real systems use (temperature, top-k, top-p). Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from collapse_core.result import Result
from collapse_core.text import TextConfig
from collapse_core.text import corpus as corpus_mod
from collapse_core.text.config import MAX_ORDER
from collapse_ui import chain_params
from collapse_ui.digest import ChainDigest, digest
from collapse_ui.figures import text_charts
from collapse_ui.headlines import Headline, share
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.params import ChoiceParam, FloatParam, IntParam, LadderParam, Param
from collapse_ui.registry import family_page

MAX_GENERATIONS = 200
MAX_WORDS = 500  # rows of the lost-words table kept in the digest
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
    CorpusParam(name="corpus", label="Real text", default=corpus_mod.DEFAULT,
                help=f"{corpus_mod.DEFAULT}: {corpus_mod.DEFAULT_SOURCE}. An uploaded text is named by a hash "
                "of its content; the link carries only that name, so it works only on this server while "
                "the text is in its memory."),
    IntParam(name="order", label="n-gram order", default=2, low=1, high=MAX_ORDER,
             help="How many words the model looks at: 1 = each word on its own, 2 = the word before, and so on."),
    *chain_params.DECODING,
    FloatParam(name="smoothing", label="Smoothing (add-k)", default=0.0, low=0.0, high=1.0, step=0.01,
               help="Adds k to every count, so any word can follow any word; 0 is plain counting."),
    LadderParam(name="sample_size", label="Tokens per generation", default=5_000, options=SIZES,
                help="How many tokens (words and sentence ends) each new model learns from."),
    dataclasses.replace(chain_params.GENERATIONS, default=50, high=MAX_GENERATIONS),
    ChoiceParam(name="regime", label="Training text each generation", default="replace",
                options=("replace", "accumulate"),
                labels={"replace": "Replace: the newest text only", "accumulate": "Accumulate: all text so far"}),
    dataclasses.replace(chain_params.REAL_FRACTION, label="Share of real text"),
    dataclasses.replace(chain_params.REAL_SOURCE, labels={"fresh": "A fresh real passage every generation",
                                                          "fixed": "The same real passage, reused"}),
    LadderParam(name="replicates", label="Chains run side by side", default=5, options=(1, 2, 5, 10, 20),
                help="Independent chains; the band shows where 90% of them lie."),
    chain_params.SEED,
)

CONFIG_FIELDS = ("corpus", "order", "temperature", "top_k", "top_p", "smoothing", "sample_size", "generations",
                 "regime", "real_fraction", "real_source", "replicates", "seed")
TOO_LARGE_TIP = "Every token is written word by word: try fewer tokens, generations or chains."
SAMPLE_GENERATIONS = (0, 1, 5, 20, 50)


def config_from(values: dict[str, Any]) -> TextConfig:
    return TextConfig(**{name: values[name] for name in CONFIG_FIELDS})


# The tokens slider offers only what the interactive budget runs at the other defaults.
# Every control offers only what runs at the other defaults (issue 16).
PARAMS = chain_params.fit_to_budget(PARAMS, config_from)

@dataclass(frozen=True, eq=False)
class TextDigest(ChainDigest):
    """ChainDigest plus the sample passages of chain 1 and its lost words.

    samples: generation -> text; words: the lost-words table (columns word, real_count,
    gone_at), most common real word first; words_lost: how many in all; source: the corpus.
    """

    samples: dict[int, str]
    words: dict[str, list]
    words_lost: int
    source: str


BANDS = ("distinct_words", "distinct_ngrams", "words_lost", "perplexity", "top10_share", "entropy",
         "zipf_slope", "sentence_length")


def digest_result(result: Result) -> TextDigest:
    cfg = result.config
    corp = corpus_mod.get(cfg.corpus)
    base = digest(result, BANDS, tuple(text_charts.CHARTS), {})
    gens = result.arrays["sample_generations"]
    samples = {int(g): corp.decode(s) for g, s in zip(gens, result.arrays["samples"], strict=True)}
    first = result.arrays["first_lost"][0]
    lost = np.flatnonzero(first > 0)
    order = lost[np.lexsort((lost, -corp.train_counts[lost]))][:MAX_WORDS]
    words = {"word": [corp.words[i] for i in order], "real_count": corp.train_counts[order].tolist(),
             "gone_at": first[order].tolist()}
    return TextDigest(**{f.name: getattr(base, f.name) for f in dataclasses.fields(ChainDigest)},
                      samples=samples, words=words, words_lost=int(lost.size), source=corp.source)


def headlines(d: TextDigest) -> list[Headline]:
    b, last = d.bands, d.last
    w0, w1, wl = (float(b["distinct_words"].median[i]) for i in (0, 1, -1))
    return [
        Headline("Words left", f"{wl:,.0f}", f"Distinct words in generation {last:,}'s training text (median chain); "
                 f"the real text has {w0:,.0f} and generation 1's sample {w1:,.0f}."),
        Headline("Top-10 share", share(float(b["top10_share"].median[-1])),
                 f"The 10 most common words' share of the text at generation {last:,} (real text: "
                 f"{share(float(b['top10_share'].median[0]))})."),
        Headline("Perplexity", f"{float(b['perplexity'].median[-1]):,.0f}",
                 f"On held-out real text at generation {last:,} (generation 1: "
                 f"{float(b['perplexity'].median[1]):,.0f}). Lower is better."),
        Headline("Words lost", f"{float(b['words_lost'].median[-1]):,.0f}",
                 "Words of the real text no longer used (median chain)."),
    ]


def charts(d: TextDigest, values: dict[str, Any] | None = None) -> list[tuple[str, go.Figure, str]]:
    return [(text_charts.CHARTS[m][0], text_charts.figure(d, m), text_charts.caption(d, m)) for m in text_charts.CHARTS]


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
    return (f"Text · {values['corpus']} · {values['order']}-gram · {_knobs(values)} · {values['sample_size']:,} "
            f"tokens per generation · {values['generations']:,} generations · {values['regime']} · {mix} · "
            f"{values['replicates']} chains · seed {values['seed']}")


def file_stem(values: dict[str, Any]) -> str:
    real = f"_real{round(100 * values['real_fraction'])}{values['real_source']}" if values["real_fraction"] else ""
    return (f"text_{values['corpus']}_n{values['order']}_T{values['temperature']:g}{chain_params.truncation_stem(values)}_M{values['sample_size']}"
            f"_G{values['generations']}_{values['regime']}{real}_R{values['replicates']}_seed{values['seed']}"
            ).replace(".", "p")


WORD_COLUMNS = {
    "word": ("Word", "A word of the real text that chain 1 no longer writes."),
    "real_count": ("Times in the real text", "How often the word occurs in the real text."),
    "gone_at": ("Vanished at generation", "The first generation whose training text lacks it (1: never in "
                "generation 1's sample of the real text)."),
}

QUESTION = Question(
    metric="top10_share",
    threshold=0.5,
    ask=lambda g: f"After {g:,} generations, will the 10 most common words make up **more** or **less** than half "
    "of the text?",
    answer=lambda v, g: f"After {g:,} generations they make up **{share(v)}** of the text: "
    f"{'more' if v > 0.5 else 'less'} than half.",
)

CONTRASTS = (
    *DEFAULT_CONTRASTS,
    Contrast("temperature", "Temperature 1 vs 0.7", flip("temperature", 1.0, 0.7)),
    Contrast("top_p", "No truncation vs top-p 0.9", flip("top_p", 1.0, 0.9)),
)

PAGE = family_page(
    globals(),
    name="text",
    url_path="text",
    title="Text that forgets: a language model trained on its own writing",
    nav_title="Text that forgets",
    icon=":material/edit_note:",
    section="Watch it happen",
    script="pages/text.py",
)
