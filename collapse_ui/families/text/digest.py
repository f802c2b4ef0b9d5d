"""The text page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.result import Result
from collapse_core.text import corpus as corpus_mod
from collapse_ui.digest import ChainDigest, digest, extended

MAX_WORDS = 500  # rows of the lost-words table kept in the digest


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


BANDS = (
    "distinct_words",
    "distinct_ngrams",
    "words_lost",
    "perplexity",
    "top10_share",
    "entropy",
    "zipf_slope",
    "sentence_length",
)

# The metrics figures/charts.py draws one chart each for (a few chains shown on each).
CHAIN_METRICS = ("distinct_words", "top10_share", "perplexity", "distinct_ngrams", "entropy", "zipf_slope")


def digest_result(result: Result) -> TextDigest:
    cfg = result.config
    corp = corpus_mod.get(cfg.corpus)
    base = digest(result, BANDS, CHAIN_METRICS, {})
    gens = result.arrays["sample_generations"]
    samples = {int(g): corp.decode(s) for g, s in zip(gens, result.arrays["samples"], strict=True)}
    first = result.arrays["first_lost"][0]
    lost = np.flatnonzero(first > 0)
    order = lost[np.lexsort((lost, -corp.train_counts[lost]))][:MAX_WORDS]
    words = {
        "word": [corp.words[i] for i in order],
        "real_count": corp.train_counts[order].tolist(),
        "gone_at": first[order].tolist(),
    }
    return extended(
        base, TextDigest, samples=samples, words=words, words_lost=int(lost.size), source=corp.source
    )
