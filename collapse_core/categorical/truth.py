"""The true distributions (rank order, most probable first) and their category labels.

English frequencies come from the installed wordfreq package, which ships its data: nothing
is fetched from the network. Loading 50 000 words takes about half a second, so the list is
loaded once, at its largest size, and sliced.
"""

from __future__ import annotations

import functools

import numpy as np

from collapse_core.categorical import on_data
from collapse_core.categorical.config import MAX_ENGLISH_CATEGORIES, CategoricalConfig
from collapse_core.once import computed_once


@computed_once
def _english_table() -> tuple[tuple[str, ...], np.ndarray]:
    # Imported here so the rest of the core never needs wordfreq.
    from collapse_core import extras

    extras.require("english", "the English vocabulary")
    from wordfreq import top_n_list, word_frequency

    words = tuple(top_n_list("en", MAX_ENGLISH_CATEGORIES))
    freqs = np.array([word_frequency(w, "en") for w in words], dtype=float)
    freqs.flags.writeable = False
    return words, freqs


def english_words(k: int) -> tuple[str, ...]:
    """The k most frequent English words, most frequent first."""
    return _english_table()[0][:k]


@functools.lru_cache(maxsize=16)
def _truth(truth: str, k: int, s: float, b: float = 0.0) -> np.ndarray:
    if truth == "uniform":
        p = np.full(k, 1.0 / k)
    elif truth == "zipf":  # Zipf-Mandelbrot (i + b)^-s; b = 0 is Zipf's law
        p = (np.arange(1, k + 1, dtype=float) + b) ** -s
    else:
        p = _english_table()[1][:k].copy()
    p /= p.sum()
    p.flags.writeable = False  # cached and shared: nobody may change it
    return p


def truth_probabilities(cfg: CategoricalConfig) -> np.ndarray:
    """The truth p0 (K,), summing to 1, every entry positive, index = rank - 1 (read-only);
    with data, the data's label frequencies."""
    if cfg.data:
        return on_data.vocabulary(cfg.data)[1]
    return _truth(cfg.truth, cfg.categories, float(cfg.zipf_exponent), float(cfg.zipf_offset))


def category_labels(cfg: CategoricalConfig) -> tuple[str, ...]:
    """A label per category: the data's label, the word for the English truth, else 'rank k'."""
    if cfg.data:
        return on_data.vocabulary(cfg.data)[0]
    if cfg.truth == "english":
        return english_words(cfg.categories)
    return tuple(f"rank {k}" for k in range(1, cfg.categories + 1))
