"""N-gram count tables and the decoder that samples from them, for many replicates at once.

Keys. An n-gram (h_1 .. h_{n-1}, w) of replicate r is one int64,
    key = ((r * V + h_1) * V + ... + h_{n-1}) * V + w,
so a table of (sorted unique keys, counts) holds every replicate's model, grouped by
replicate, then context, then word; key // V is the context key. The padding before a
sentence (and before a passage) is the boundary id 0, so the context after a sentence end is
(0, .., 0). R * V^n must stay below 2^62 (budget.check says so before a run).

The model: add-k smoothing over the V token types (k = 0: maximum likelihood),
    p(w | h) = (c(h, w) + k) / (c(h) + k V);
a context never seen is uniform over V when k > 0; when k = 0 the model ends the sentence
there (it can only happen after a passage ended mid-sentence).

Decoding, per context, in this order (as Hugging Face's samplers do it):
    temperature T: weights p^(1/T), renormalised;
    top-k: keep the k most probable words;
    top-p: keep the smallest set of most probable words whose probability (after top-k)
        reaches p.
Ties (equal probability) are ranked by word id, i.e. the more frequent real word first; so
"the smallest set" is always one exact set. Words never seen after h all share the weight k
and so sit, tied, after every seen word: a truncation that reaches into them takes the lowest
ids first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KEY_LIMIT = 2**62
DENSE_CONTEXTS = 1 << 22  # context lookups through a dense table up to this many possible keys
_EPS = 1e-12


def key_fits(replicates: int, vocabulary: int, order: int) -> bool:
    return replicates * vocabulary**order < KEY_LIMIT


def ngram_codes(tokens: np.ndarray, starts: np.ndarray, order: int, vocabulary: int) -> np.ndarray:
    """(rows, X) token ids -> (rows, X) n-gram codes (without the replicate), one per token:
    the token with its n - 1 predecessors in the same sentence (padding 0 before a sentence's
    first word). `starts` (X,) bool marks where a passage begins (the context resets)."""
    v = np.int64(vocabulary)
    tok = tokens.astype(np.int64)
    code = np.zeros_like(tok)
    if order > 1:
        x = tok.shape[1]
        new_sentence = np.zeros(tok.shape, dtype=bool)
        new_sentence[:, 1:] = tok[:, :-1] == 0
        new_sentence |= starts[None, :]
        sid = np.cumsum(new_sentence, axis=1)
        for j in range(order - 1, 0, -1):  # h_1 is the token `j = order - 1` places back
            prev = np.zeros_like(tok)
            if j < x:
                same = sid[:, j:] == sid[:, :-j]
                prev[:, j:] = np.where(same, tok[:, :-j], 0)
            code = code * v + prev
    return code * v + tok


@dataclass
class Table:
    """Sorted unique n-gram keys (all replicates) and their counts."""

    keys: np.ndarray
    counts: np.ndarray

    @classmethod
    def from_tokens(cls, tokens: np.ndarray, starts: np.ndarray, order: int, vocabulary: int) -> Table:
        rows = tokens.shape[0]
        codes = ngram_codes(tokens, starts, order, vocabulary)
        codes += np.arange(rows, dtype=np.int64)[:, None] * np.int64(vocabulary) ** order
        keys, counts = np.unique(codes.ravel(), return_counts=True)
        return cls(keys, counts.astype(np.int64))

    def merge(self, other: Table) -> Table:
        keys, inv = np.unique(np.concatenate([self.keys, other.keys]), return_inverse=True)
        counts = np.bincount(
            inv.ravel(), weights=np.concatenate([self.counts, other.counts]), minlength=keys.size
        )
        return Table(keys, counts.astype(np.int64))

    def unigram_counts(self, rows: int, order: int, vocabulary: int) -> np.ndarray:
        """(rows, V) token counts of the training text (every token ends one n-gram)."""
        v = np.int64(vocabulary)
        rep = self.keys // v**order
        flat = rep * v + self.keys % v
        return np.bincount(flat, weights=self.counts, minlength=rows * vocabulary).reshape(rows, vocabulary)

    def distinct(self, rows: int, order: int, vocabulary: int) -> np.ndarray:
        """(rows,) distinct n-grams per replicate."""
        rep = self.keys // np.int64(vocabulary) ** order
        return np.bincount(rep, minlength=rows)


class Decoder:
    """The decoding distribution of every context of a Table, ready to sample from.

    Per context c (index into ctx_keys): `start`, `d` (distinct next words seen); entries in
    count order (count descending, id ascending) carry weights `a` (largest = 1); `u` is the
    weight of each unseen word (0 when k = 0); after truncation `keep` seen entries and `m`
    unseen words (the m lowest unseen ids) remain, total weight `total`.
    """

    def __init__(
        self,
        table: Table,
        vocabulary: int,
        smoothing: float = 0.0,
        temperature: float = 1.0,
        top_k: int = 0,
        top_p: float = 1.0,
        context_space: int | None = None,
    ):
        """context_space: the number of possible context keys (R V^(n-1)); when small, context
        lookups go through a dense table instead of a binary search."""
        v = np.int64(vocabulary)
        self.v, self.k = int(vocabulary), float(smoothing)
        keys, counts = table.keys, table.counts
        ctx = keys // v
        word = keys % v
        n = keys.size
        brk = np.flatnonzero(ctx[1:] != ctx[:-1]) + 1
        self.start = np.concatenate([[0], brk]).astype(np.int64)
        self.ctx_keys = ctx[self.start]
        nctx = self.start.size
        self.d = np.diff(np.append(self.start, n))
        cid = np.repeat(np.arange(nctx), self.d)
        self.ctx_total = np.add.reduceat(counts, self.start) if n else np.zeros(0, dtype=np.int64)
        # unseen ids: the j-th unseen id of context c is j + #{i : o_i - i <= j} (ids ascending)
        local = np.arange(n) - self.start[cid]
        self.gap_keys = cid * (v + 1) + (word - local)
        # count order
        order = np.lexsort((word, -counts, cid))
        self.word_c = word[order]
        c = counts[order].astype(float)
        k, t = self.k, float(temperature)
        lmax = np.log(c[self.start] + k)
        self.a = np.exp((np.log(c + k) - lmax[cid]) / t)
        self.u = np.exp((np.log(k) - lmax) / t) if k > 0 else np.zeros(nctx)
        unseen = vocabulary - self.d
        a = self.a
        # top-k
        if top_k > 0:
            keep = local < top_k
            m = np.clip(top_k - self.d, 0, unseen)
            a = np.where(keep, a, 0.0)
        else:
            m = unseen.copy()
        if k == 0:
            m = np.zeros(nctx, dtype=np.int64)
        seen_mass = np.add.reduceat(a, self.start) if n else np.zeros(0)
        z = seen_mass + m * self.u
        # top-p: entry kept iff the mass before it (in count order) is below p
        if top_p < 1.0:
            cum = np.cumsum(a)
            before = cum - a - (cum - a)[self.start][cid]
            keep_p = before < (top_p - _EPS) * z[cid]
            a = np.where(keep_p, a, 0.0)
            seen_mass = np.add.reduceat(a, self.start) if n else np.zeros(0)
            short = (top_p - _EPS) * z - seen_mass
            with np.errstate(divide="ignore", invalid="ignore"):
                need = np.where(
                    (short > 0) & (self.u > 0), np.ceil(short / np.where(self.u > 0, self.u, 1) - 1e-9), 0
                )
            m = np.minimum(m, need.astype(np.int64))
        self.kept_a = a
        self.m = m.astype(np.int64)
        self.seen_mass = seen_mass
        self.total = seen_mass + self.m * self.u
        cum = np.cumsum(a)
        self.base = np.concatenate([[0.0], cum])[self.start]
        self.cum = cum
        self.keep = (
            np.add.reduceat((a > 0).astype(np.int64), self.start) if n else np.zeros(0, dtype=np.int64)
        )
        self.dense = None
        if context_space is not None and context_space <= DENSE_CONTEXTS:
            self.dense = np.full(context_space, -1, dtype=np.int64)
            self.dense[self.ctx_keys] = np.arange(nctx)
        # an unseen context: uniform over V (k > 0), so truncation keeps the lowest ids
        if k > 0:
            m0 = min(top_k, vocabulary) if top_k > 0 else vocabulary
            self.m_new = max(1, min(m0, int(np.ceil(top_p * m0 - 1e-9)))) if top_p < 1.0 else m0
        else:
            self.m_new = 0

    def lookup(self, context_keys: np.ndarray) -> np.ndarray:
        """Context index of each key, -1 where the context was never seen."""
        if self.dense is not None:
            return self.dense[context_keys]
        if self.ctx_keys.size == 0:
            return np.full(context_keys.shape, -1, dtype=np.int64)
        pos = np.searchsorted(self.ctx_keys, context_keys)
        pos_c = np.minimum(pos, self.ctx_keys.size - 1)
        return np.where(self.ctx_keys[pos_c] == context_keys, pos_c, -1)

    def unseen_word(self, ci: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The j-th (0-based) lowest id never seen after context ci."""
        v1 = np.int64(self.v + 1)
        below = np.searchsorted(self.gap_keys, ci * v1 + j, side="right") - self.start[ci]
        return j + below

    def sample(self, ci: np.ndarray, uniform: np.ndarray) -> np.ndarray:
        """One next word per context index (-1 = unseen context), from uniforms in [0, 1)."""
        out = np.zeros(ci.shape, dtype=np.int64)
        seen = ci >= 0
        c = ci[seen]
        x = uniform[seen] * self.total[c]
        in_seen = x < self.seen_mass[c]
        # a seen word: the entry whose cumulative weight passes x
        idx = np.searchsorted(self.cum, self.base[c] + x, side="right")
        idx = np.clip(idx, self.start[c], self.start[c] + np.maximum(self.keep[c], 1) - 1)
        words = self.word_c[idx]
        if self.k > 0:
            u = self.u[c]
            j = np.floor((x - self.seen_mass[c]) / np.where(u > 0, u, 1)).astype(np.int64)
            j = np.clip(j, 0, np.maximum(self.m[c] - 1, 0))
            other = ~in_seen & (self.m[c] > 0)
            if other.any():
                words[other] = self.unseen_word(c[other], j[other])
        out[seen] = words
        if self.m_new > 0 and not seen.all():
            out[~seen] = np.minimum(np.floor(uniform[~seen] * self.m_new).astype(np.int64), self.m_new - 1)
        return out

    def distribution(self, ci: int) -> np.ndarray:
        """The decoding distribution of one context (index, or -1 for an unseen one) over V,
        dense: for tests and small pictures."""
        p = np.zeros(self.v)
        if ci < 0:
            if self.m_new == 0:
                p[0] = 1.0
            else:
                p[: self.m_new] = 1.0 / self.m_new
            return p
        s, e = self.start[ci], self.start[ci] + self.d[ci]
        p[self.word_c[s:e]] = self.kept_a[s:e]
        if self.m[ci] > 0:
            ids = self.unseen_word(np.full(self.m[ci], ci), np.arange(self.m[ci]))
            p[ids] = self.u[ci]
        return p / p.sum()


def generate(
    decoder: Decoder, rows: np.ndarray, uniforms: np.ndarray, order: int, vocabulary: int
) -> np.ndarray:
    """Passages from the decoder: rows (S,) replicate of each passage, uniforms (S, L) ->
    tokens (S, L). Every passage starts at a sentence start; after a boundary the context
    resets to padding."""
    s, length = uniforms.shape
    v = np.int64(vocabulary)
    hist = np.zeros((s, max(order - 1, 0)), dtype=np.int64)
    out = np.empty((s, length), dtype=np.int64)
    prefix = rows.astype(np.int64) * v ** (order - 1)
    powers = v ** np.arange(order - 2, -1, -1, dtype=np.int64)  # h_1 .. h_{n-1}
    for i in range(length):
        key = prefix + hist @ powers if order > 1 else prefix
        w = decoder.sample(decoder.lookup(key), uniforms[:, i])
        out[:, i] = w
        if order > 1:
            hist[:, :-1] = hist[:, 1:]
            hist[:, -1] = w
            hist[w == 0] = 0
    return out
