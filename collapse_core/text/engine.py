"""The text engine: every replicate's n-gram model in one count table, text written by all of
them at once.

Per generation t >= 1, each replicate's training batch is M tokens laid out as
    [n_real real tokens | n_syn synthetic tokens in passages of PASSAGE tokens]:
the real tokens are a passage of the real text starting at a uniform random position
(wrapping round; "fixed": generation 1's passage every time), the synthetic passages are
written by the replicate's model t - 1 (for generation 1, the truth: a second real passage).
Each synthetic passage starts at a sentence start and is cut after PASSAGE tokens, as a
language model's output is cut at a maximum length. The regime turns the batch into the
training text (replace: the batch; accumulate: every batch so far, as summed n-gram counts)
and model t is the n-gram table of that text.

Randomness: per stream block, one Generator per kind (real offsets, synthetic tokens, the
displayed samples), and a fresh child of it per generation whose draws are laid out
(rows, ...) in one call, so a replicate's numbers do not depend on how many replicates run.
"""

from __future__ import annotations

import numpy as np

from collapse_core import cancel
from collapse_core.streams import block_generators, block_slices, first_block_index, run_generators
from collapse_core.text import metrics
from collapse_core.text.config import TextConfig
from collapse_core.text.corpus import Corpus
from collapse_core.text.model import Decoder, Table, generate

PASSAGE = 40  # tokens per synthetic passage (a maximum output length)
SHOW_PASSAGES = 3  # passages of replicate 0 kept as the sample text of a generation
_REAL, _SYN, _SHOW = range(3)
_KINDS = 3


def passage_layout(n: int) -> tuple[int, int]:
    """(passages, tokens each) that cover n synthetic tokens (the last passage is cut)."""
    length = min(PASSAGE, n) if n else 0
    return (-(-n // length) if length else 0), length


def real_passages(corpus: Corpus, offsets: np.ndarray, n: int) -> np.ndarray:
    """(rows, n) real tokens starting at each offset, wrapping round the real text."""
    idx = (offsets[:, None] + np.arange(n)[None, :]) % corpus.train.size
    return corpus.train[idx].astype(np.int64)


def starts_pattern(cfg: TextConfig) -> np.ndarray:
    """(M,) True where a passage begins in a batch (context resets)."""
    s = np.zeros(cfg.sample_size, dtype=bool)
    s[0] = True
    if cfg.n_real:
        s[cfg.n_real :: PASSAGE] = True
    return s


def decoder(cfg: TextConfig, table: Table, vocabulary: int, rows: int) -> Decoder:
    return Decoder(
        table,
        vocabulary,
        cfg.smoothing,
        cfg.temperature,
        cfg.top_k,
        cfg.top_p,
        context_space=rows * vocabulary ** (cfg.order - 1),
    )


class Run:
    """What a run keeps: metrics (R, G + 1), first generation each word was lost (R, V),
    sample passages of replicate 0 at the snapshot generations."""

    def __init__(self, cfg: TextConfig, corpus: Corpus, snapshots: tuple[int, ...]):
        r, g, v = cfg.replicates, cfg.generations, corpus.vocabulary
        self.metrics = {name: np.empty((r, g + 1)) for name in metrics.STORED}
        self.first_lost = np.full((r, v), -1, dtype=np.int32)
        self.snapshots = snapshots
        self.samples: dict[int, np.ndarray] = {}


def run(cfg: TextConfig, corpus: Corpus, snapshots: tuple[int, ...] = ()) -> Run:
    out = Run(cfg, corpus, snapshots)
    v = corpus.vocabulary
    ev = metrics.Evaluator(cfg, corpus)
    truth = Table.from_tokens(
        corpus.train[None, :].astype(np.int64),
        np.array([True] + [False] * (corpus.train.size - 1)),
        cfg.order,
        v,
    )
    m0 = ev.measure(truth, 1)
    for name, val in m0.items():
        out.metrics[name][:, 0] = val[0]
    gens = block_generators(cfg.seed, cfg.replicates, _KINDS)
    starts = starts_pattern(cfg)
    offset = run_generators(cfg.seed, _KINDS)[_SHOW].spawn(1)[0].integers(0, corpus.train.size)
    if 0 in snapshots:
        out.samples[0] = real_passages(corpus, np.array([offset]), SHOW_PASSAGES * PASSAGE)[0]
    for b, rows in enumerate(block_slices(cfg.replicates)):
        _run_block(cfg, corpus, gens[b], rows, starts, ev, out, show=(b == 0 and first_block_index() == 0))
    return out


def _run_block(cfg, corpus, streams, rows: slice, starts, ev, out: Run, show: bool) -> None:
    n = rows.stop - rows.start
    v, order = corpus.vocabulary, cfg.order
    n_real, n_syn = cfg.n_real, cfg.n_syn
    passages, length = passage_layout(n_syn)
    rep_of_passage = np.repeat(np.arange(n), passages)
    alive0 = corpus.train_counts > 0
    alive0[corpus.special] = False
    fixed = None
    table = None
    dec = None
    for t in range(1, cfg.generations + 1):
        cancel.check()
        real_rng = streams[_REAL].spawn(1)[0]
        syn_rng = streams[_SYN].spawn(1)[0]
        offsets = real_rng.integers(0, corpus.train.size, size=(n, 2))
        batch = np.empty((n, cfg.sample_size), dtype=np.int64)
        if n_real:
            if fixed is None:
                fixed = real_passages(corpus, offsets[:, 0], n_real)
            batch[:, :n_real] = (
                fixed if cfg.real_source == "fixed" else real_passages(corpus, offsets[:, 0], n_real)
            )
        if n_syn:
            if t == 1:  # drawn from the truth: real text
                batch[:, n_real:] = real_passages(corpus, offsets[:, 1], n_syn)
            else:
                u = syn_rng.random((n, passages, length))
                text = generate(dec, rep_of_passage, u.reshape(n * passages, length), order, v)
                batch[:, n_real:] = text.reshape(n, passages * length)[:, :n_syn]
        new = Table.from_tokens(batch, starts, order, v)
        table = new if cfg.regime == "replace" or table is None else table.merge(new)
        dec = decoder(cfg, table, v, n)
        vals = ev.measure(table, n)
        for name, val in vals.items():
            out.metrics[name][rows, t] = val
        alive = ev.last_counts > 0
        lost = (out.first_lost[rows] < 0) & alive0[None, :] & ~alive
        out.first_lost[rows] = np.where(lost, t, out.first_lost[rows])
        show_rng = streams[_SHOW].spawn(1)[0] if show else None
        if show and t in out.snapshots:
            u = show_rng.random((SHOW_PASSAGES, PASSAGE))
            out.samples[t] = generate(dec, np.zeros(SHOW_PASSAGES, dtype=np.int64), u, order, v).ravel()
