"""The text family's decoder: temperature, top-k and top-p against a plain dense reference,
the exact top-p set (ties by word id), and sampling frequencies."""

import numpy as np
import pytest
from scipy import stats

from collapse_core.text.model import Decoder, Table, generate


def table_of(counts: np.ndarray) -> Table:
    """One replicate, unigram-style table: context 0 (the empty context), word i with counts[i]."""
    ids = np.flatnonzero(counts)
    return Table(ids.astype(np.int64), counts[ids].astype(np.int64))


def reference(counts, k, t, top_k, top_p) -> np.ndarray:
    """Plain dense decoding: add-k, temperature, top-k, then top-p, ties by lower id."""
    c = np.asarray(counts, dtype=float)
    w = (c + k) ** (1.0 / t) if k > 0 else np.where(c > 0, c ** (1.0 / t), 0.0)
    p = w / w.sum()
    order = sorted(range(c.size), key=lambda i: (-p[i], i))
    keep = [i for i in order if p[i] > 0]
    if top_k:
        keep = keep[:top_k]
    if top_p < 1:
        mass = p[keep].sum()
        chosen, acc = [], 0.0
        for i in keep:
            if acc >= top_p * mass - 1e-12:
                break
            chosen.append(i)
            acc += p[i]
        keep = chosen
    out = np.zeros(c.size)
    out[keep] = p[keep]
    return out / out.sum()


def test_top_p_keeps_the_smallest_set_reaching_p():
    counts = np.array([0, 5, 3, 1, 1, 0])  # p = .5 .3 .1 .1 over ids 1..4
    dec = Decoder(table_of(counts), vocabulary=6, top_p=0.8)
    p = dec.distribution(0)
    assert set(np.flatnonzero(p)) == {1, 2}  # 0.5 + 0.3 reaches 0.8 exactly: two words suffice
    np.testing.assert_allclose(p[[1, 2]], [5 / 8, 3 / 8])
    p = Decoder(table_of(counts), vocabulary=6, top_p=0.81).distribution(0)
    assert set(np.flatnonzero(p)) == {1, 2, 3}  # a tie at 0.1: the lower id (more common real word) is kept


def test_top_k_ties_by_id_and_reaching_into_unseen_words():
    counts = np.array([0, 4, 2, 2, 0, 0, 0])
    p = Decoder(table_of(counts), vocabulary=7, top_k=2).distribution(0)
    assert set(np.flatnonzero(p)) == {1, 2}
    p = Decoder(table_of(counts), vocabulary=7, smoothing=0.5, top_k=5).distribution(0)
    assert set(np.flatnonzero(p)) == {1, 2, 3, 0, 4}  # the two lowest unseen ids


@pytest.mark.parametrize("case", range(120))
def test_distribution_matches_dense_reference(case):
    rng = np.random.default_rng(case)
    v = int(rng.integers(2, 30))
    counts = rng.integers(0, 6, v) * (rng.random(v) < 0.6)
    if counts.sum() == 0:
        counts[rng.integers(v)] = 1
    k = float(rng.choice([0.0, 0.0, 0.3, 2.0]))
    t = float(rng.choice([1.0, 0.5, 0.7, 1.5, 3.0]))
    top_k = int(rng.choice([0, 0, 1, 3, 10, 40]))
    top_p = float(rng.choice([1.0, 1.0, 0.5, 0.9, 0.3, 0.99]))
    dec = Decoder(table_of(counts), vocabulary=v, smoothing=k, temperature=t, top_k=top_k, top_p=top_p)
    np.testing.assert_allclose(dec.distribution(0), reference(counts, k, t, top_k, top_p), atol=1e-12)


@pytest.mark.parametrize("p", [0.3, 0.5, 0.77, 0.9, 0.999])
def test_kept_mass_reaches_p_and_is_minimal(p):
    rng = np.random.default_rng(7)
    counts = rng.integers(1, 50, 40)
    full = Decoder(table_of(counts), vocabulary=40).distribution(0)
    kept = Decoder(table_of(counts), vocabulary=40, top_p=p).distribution(0) > 0
    mass = full[kept].sum()
    assert mass >= p - 1e-12
    assert mass - full[kept].min() < p  # dropping the least likely kept word falls short


def test_sampling_frequencies_match_the_distribution():
    counts = np.array([0, 9, 5, 3, 2, 1, 0, 0, 0, 0])
    dec = Decoder(table_of(counts), vocabulary=10, smoothing=0.2, temperature=0.8, top_p=0.95)
    p = dec.distribution(0)
    u = np.random.default_rng(1).random(200_000)
    words = dec.sample(np.zeros(u.size, dtype=np.int64), u)
    obs = np.bincount(words, minlength=10)
    nz = p > 0
    assert obs[~nz].sum() == 0
    assert stats.chisquare(obs[nz], p[nz] * u.size).pvalue > 1e-4


def test_generated_bigrams_were_seen_without_smoothing():
    # sentences "1 2 3 </s>" and "2 1 </s>": a bigram model writes only seen bigrams
    tok = np.array([[1, 2, 3, 0, 2, 1, 0]])
    starts = np.zeros(7, dtype=bool)
    starts[0] = True
    table = Table.from_tokens(tok, starts, order=2, vocabulary=4)
    dec = Decoder(table, vocabulary=4)
    out = generate(dec, np.zeros(50, dtype=np.int64), np.random.default_rng(0).random((50, 12)), 2, 4)
    seen = {(a, b) for a, b in [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (2, 1), (1, 0)]}
    prev = np.concatenate([np.zeros((50, 1), dtype=np.int64), out[:, :-1]], axis=1)
    assert {(int(a), int(b)) for a, b in zip(prev.ravel(), out.ravel(), strict=True)} <= seen
