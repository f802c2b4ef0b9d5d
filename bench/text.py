"""Benchmark: one generation of a bigram model on a 200k-token corpus (count the n-grams, then
write 200k tokens from the model), the text engine's code against a plain Python
Counter-based reference; and a page-default run (R = 5, M = 5 000, G = 50).

    python -m bench.text
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict

import numpy as np

from collapse_core import simulate
from collapse_core.text import TextConfig
from collapse_core.text.corpus import default_corpus
from collapse_core.text.engine import PASSAGE, starts_pattern
from collapse_core.text.model import Decoder, Table, generate

TOKENS = 200_000


def reference(tokens: list[int], seed: int) -> list[int]:
    """Plain Python: Counter of bigrams, dict of next-word lists, random.choices per token."""
    counts = Counter(zip([0, *tokens[:-1]], tokens, strict=True))
    nxt: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for (a, b), c in counts.items():
        nxt[a][0].append(b)
        nxt[a][1].append(c)
    rng = random.Random(seed)
    out, prev = [], 0
    for i in range(len(tokens)):
        if i % PASSAGE == 0:
            prev = 0
        words, weights = nxt.get(prev, ([0], [1]))
        prev = rng.choices(words, weights)[0]
        out.append(prev)
    return out


def fast(tokens: np.ndarray, v: int, seed: int) -> np.ndarray:
    starts = np.zeros(tokens.size, dtype=bool)
    starts[0] = True
    table = Table.from_tokens(tokens[None, :], starts, 2, v)
    dec = Decoder(table, v, context_space=v)
    u = np.random.default_rng(seed).random((tokens.size // PASSAGE, PASSAGE))
    return generate(dec, np.zeros(u.shape[0], dtype=np.int64), u, 2, v).ravel()


def best(fn, repeat=3):
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


def main(argv=None) -> None:
    corp = default_corpus()
    idx = np.arange(TOKENS) % corp.train.size
    tokens = corp.train[idx].astype(np.int64)
    as_list = tokens.tolist()
    t_ref = best(lambda: reference(as_list, 1), repeat=2)
    t_fast = best(lambda: fast(tokens, corp.vocabulary, 1))
    print(f"bigram, one generation, {TOKENS:,} tokens (count + write), V = {corp.vocabulary:,}")
    print(f"plain Python Counter + random.choices: {t_ref:6.3f} s")
    print(f"text engine (numpy tables, vectorised passages): {t_fast:6.3f} s")
    print(f"speed-up: {t_ref / t_fast:.1f}x")
    cfg = TextConfig(seed=1)
    simulate(cfg)
    t_page = best(lambda: simulate(cfg))
    print(
        f"page defaults (R={cfg.replicates}, M={cfg.sample_size:,}, G={cfg.generations}, bigram, uncached run): {t_page:.3f} s"
        f" ({starts_pattern(cfg).size:,} tokens per batch)"
    )


if __name__ == "__main__":
    main()
