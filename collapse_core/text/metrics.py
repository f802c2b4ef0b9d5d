"""Per-generation metrics of the text family, shape (R, G + 1).

Generation t's numbers describe its training text (the text model t was fitted on) and model
t itself; generation 0 is the real text (the corpus's training part, whole). Word metrics
leave out the sentence boundary and <unk>. Perplexity is the fitted n-gram model's (add-k
with the config's k, or PERPLEXITY_K when k = 0: maximum likelihood would give held-out text
infinite perplexity), before the decoding knobs, on the corpus's held-out tail.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from collapse_core.text.model import Table, ngram_codes

PERPLEXITY_K = 0.01
MAX_HELDOUT = 10_000
ZIPF_RANKS = 1000
TOP = 10

STORED: dict[str, str] = {
    "distinct_words": "distinct words in the training text",
    "distinct_ngrams": "distinct n-grams (of the model's order) in the training text",
    "words_lost": "words of the real text absent from the training text",
    "perplexity": "perplexity of the fitted model (add-k, before temperature and truncation) on held-out real text",
    "top10_share": "share of the 10 most frequent words among the words of the training text",
    "entropy": "entropy of the word frequencies of the training text, bits",
    "zipf_slope": f"slope of log frequency against log rank (ranks 1 to {ZIPF_RANKS}) of the training text",
    "sentence_length": "mean words per sentence of the training text",
}
METRICS: dict[str, str] = dict(STORED)


class Evaluator:
    """Computes the stored metrics of a table (one row per replicate)."""

    def __init__(self, cfg, corpus):
        self.cfg, self.v, self.order = cfg, corpus.vocabulary, cfg.order
        held = corpus.heldout[:MAX_HELDOUT].astype(np.int64)[None, :]
        starts = np.zeros(held.shape[1], dtype=bool)
        starts[0] = True
        # sorted: the mean log-probability does not depend on the order, and sorted needles
        # make the binary searches cache-friendly
        self.held = np.sort(ngram_codes(held, starts, cfg.order, self.v)[0])
        self.k = cfg.smoothing if cfg.smoothing > 0 else PERPLEXITY_K
        self.word_mask = np.ones(self.v, dtype=bool)
        self.word_mask[corpus.special] = False
        self.real_alive = (corpus.train_counts > 0) & self.word_mask
        self.last_counts = None

    def perplexity(self, table: Table, rows: int) -> np.ndarray:
        v = np.int64(self.v)
        rep = np.arange(rows, dtype=np.int64)[:, None]
        keys = rep * v**self.order + self.held[None, :]
        pos = np.minimum(np.searchsorted(table.keys, keys), table.keys.size - 1)
        c_hw = np.where(table.keys[pos] == keys, table.counts[pos], 0)
        ctx = table.keys // v
        start = np.concatenate([[0], np.flatnonzero(ctx[1:] != ctx[:-1]) + 1])
        ctx_keys, ctx_total = ctx[start], np.add.reduceat(table.counts, start)
        hk = keys // v
        cpos = np.minimum(np.searchsorted(ctx_keys, hk), ctx_keys.size - 1)
        c_h = np.where(ctx_keys[cpos] == hk, ctx_total[cpos], 0)
        logp = np.log(c_hw + self.k) - np.log(c_h + self.k * self.v)
        return np.exp(-logp.mean(axis=1))

    def measure(self, table: Table, rows: int) -> dict[str, np.ndarray]:
        counts = table.unigram_counts(rows, self.order, self.v)
        self.last_counts = counts
        words = np.where(self.word_mask[None, :], counts, 0.0)
        total = words.sum(axis=1)
        safe = np.maximum(total, 1)
        srt = -np.sort(-words, axis=1)
        p = words / safe[:, None]
        top = srt[:, :ZIPF_RANKS]
        alive = top > 0
        x = np.log(np.arange(1, top.shape[1] + 1))[None, :] * alive
        y = np.log(np.where(alive, top, 1.0))
        n = alive.sum(axis=1)
        sxx, sx, sy, sxy = (x * x).sum(1), x.sum(1), y.sum(1), (x * y).sum(1)
        den = n * sxx - sx * sx
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = np.where((n >= 2) & (den > 0), (n * sxy - sx * sy) / np.where(den > 0, den, 1), np.nan)
        boundaries = counts[:, 0]
        return {
            "distinct_words": (words > 0).sum(axis=1).astype(float),
            "distinct_ngrams": table.distinct(rows, self.order, self.v).astype(float),
            "words_lost": (self.real_alive[None, :] & (counts == 0)).sum(axis=1).astype(float),
            "perplexity": self.perplexity(table, rows),
            "top10_share": srt[:, :TOP].sum(axis=1) / safe,
            "entropy": -special.xlogy(p, p).sum(axis=1) / np.log(2),
            "zipf_slope": slope,
            "sentence_length": total / np.maximum(boundaries, 1),
        }


def compute(name: str, res) -> np.ndarray:
    if name in STORED:
        return res.arrays[name]
    raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
