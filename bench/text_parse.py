"""Benchmark: parsing a user's text (validation, tokenising, ranking the words) at the upload
limit, the one-pass tokenizer against the first one (tests/statistical/text_reference.py) in the same run,
for texts of short sentences (the slowest shape per byte) and of prose.

    python -m bench.text_parse
"""

from __future__ import annotations

import time

import numpy as np

from collapse_core.text import corpus as corpus_mod
from tests.statistical import text_reference


def short_sentences(n_bytes: int, words_per_sentence: int, vocabulary: int, seed: int = 0) -> str:
    """Sentences of a few words drawn from `vocabulary` made-up words, a line break every tenth."""
    rng = np.random.default_rng(seed)
    pool = np.array([f"w{i}" for i in range(vocabulary)], dtype=object)
    n = n_bytes // (words_per_sentence * 6) + 1
    words = pool[rng.integers(0, vocabulary, size=(n, words_per_sentence))]
    ends = np.where(np.arange(n) % 10 == 9, ".\n", ". ")
    return "".join(" ".join(row) + end for row, end in zip(words.tolist(), ends, strict=True))[:n_bytes]


def old_parse(text: str) -> None:
    """What parse_upload did before: decode checks, a word count, then build's tokenising."""
    corpus_mod.decode_upload(text.encode())  # its control count is now the fast one: add the old
    text_reference.control_count(text)
    sum(len(s) for s in text_reference.sentences(text))
    text_reference.vocabulary_and_ids(text)


def cpu(fn, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    limit = corpus_mod.MAX_UPLOAD_BYTES - 1000
    words = corpus_mod.default_corpus().words[1:2001]
    prose = (
        "".join(" ".join(words[i : i + 12]) + (".\n" if i % 120 == 108 else ". ") for i in range(0, 2000, 12))
        * 150
    )
    cases = {
        "1-word sentences, 50 words": short_sentences(limit, 1, 50),
        "3-word sentences, 5,000 words": short_sentences(limit, 3, 5_000),
        "2-word sentences, 100,000 words": short_sentences(limit, 2, 100_000),
        "prose (the corpus's words)": prose[:limit],
    }
    print(f"Parsing {limit:,} bytes of user text (CPU-seconds, best of 3):")
    print(f"{'text':34s} {'first':>8s} {'one-pass':>9s} {'ratio':>7s}  per MB")
    for name, text in cases.items():
        old = cpu(lambda t=text: old_parse(t))
        new = cpu(lambda t=text: corpus_mod.parse_upload(t))
        print(f"{name:34s} {old:8.3f} {new:9.3f} {new / old:7.2f}x  {new / (len(text.encode()) / 1e6):.3f} s")


if __name__ == "__main__":
    main()
