"""The fast engine: reproducible, chunk- and compaction-invariant, and in distribution equal
to the plain reference loop (tests/statistical/categorical_reference.py)."""

import numpy as np
import pytest
from categorical_reference import reference_chain
from scipy import stats

from collapse_core import simulate
from collapse_core.categorical import (
    CategoricalConfig,
    engine,
    extinct_words,
    extinction_table,
    simulate_categorical,
    survival_by_rank,
    truth_probabilities,
)
from collapse_core.categorical.metrics import STORED
from collapse_core.categorical.sampling import hypergeometric_rows, multinomial_rows

VARIANTS = [
    {},
    {"regime": "accumulate"},
    {"regime": "accumulate-subsample"},
    {"real_fraction": 0.3},
    {"real_fraction": 0.3, "real_source": "fixed"},
    {"smoothing": 0.5},
    {"regime": "accumulate-subsample", "real_fraction": 0.25, "real_source": "fixed"},
    {"regime": "accumulate", "real_fraction": 0.2, "smoothing": 0.1},
    # K <= n and the pool past 8 samples: the synthetic draw becomes one multinomial per row
    {"regime": "accumulate", "sample_size": 200, "categories": 120},
    {"regime": "accumulate", "sample_size": 200, "categories": 120, "real_fraction": 0.1, "smoothing": 0.2},
]


def _cfg(**kw):
    base = {"sample_size": 40, "categories": 150, "generations": 15, "replicates": 300, "seed": 7}
    return CategoricalConfig(**{**base, **kw})


def _all_arrays(res):
    return dict(res.arrays)


@pytest.mark.slow
@pytest.mark.parametrize("kw", VARIANTS)
def test_same_seed_same_result_and_chunk_and_compaction_invariance(kw):
    cfg = _cfg(replicates=300, **kw)  # two stream blocks
    base = _all_arrays(simulate_categorical(cfg))
    for chunk in (1, 37):
        other = _all_arrays(simulate_categorical(cfg, chunk=chunk))
        for name, arr in base.items():
            np.testing.assert_array_equal(other[name], arr, err_msg=f"{name}, chunk {chunk}")
    # Without compaction the draws are identical (same counts, same extinctions); float
    # metrics differ only by summation order over a different number of columns.
    plain = engine.run(cfg, cfg.seed, truth_probabilities(cfg), compact=False)
    for name in STORED:
        np.testing.assert_allclose(plain.metrics[name], base[name], rtol=1e-12, atol=1e-14, err_msg=name)
    np.testing.assert_array_equal(plain.metrics["surviving"], base["surviving"])
    np.testing.assert_array_equal(plain.first_extinct, base["first_extinct"])
    np.testing.assert_array_equal(plain.last_extinct, base["last_extinct"])


def test_different_seeds_differ_and_seed_is_recorded():
    a = simulate_categorical(_cfg(seed=1))
    b = simulate_categorical(_cfg(seed=2))
    assert not np.array_equal(a.metric("heterozygosity"), b.metric("heterozygosity"))
    c = simulate_categorical(_cfg(seed=None, replicates=3))
    assert isinstance(c.seed, int) and c.config.seed == c.seed


def test_simulate_dispatches_to_categorical():
    cfg = _cfg(replicates=5)
    np.testing.assert_array_equal(
        simulate(cfg).metric("entropy"), simulate_categorical(cfg).metric("entropy")
    )


def test_multinomial_rows_ignores_zeros_and_padding():
    p = np.array([[0.2, 0.0, 0.3, 0.5, 0.0, 0.0], [0.0, 0.6, 0.0, 0.0, 0.4, 0.0]])
    got = multinomial_rows(np.random.default_rng(3), 1000, p)
    gen = np.random.default_rng(3)
    want = [gen.multinomial(1000, row[row > 0]) for row in p]
    for row, w, g in zip(p, want, got, strict=True):
        np.testing.assert_array_equal(g[row > 0], w)
        assert g[row == 0].sum() == 0


def test_hypergeometric_rows_draws_m_within_pool():
    pool = np.array([[5, 0, 3, 2], [0, 0, 9, 1]])
    out = hypergeometric_rows(np.random.default_rng(0), 6, pool)
    assert out.sum(axis=1).tolist() == [6, 6] and np.all(out <= pool)


# 31 colours, 97 tokens, 5 drawn: numpy's "count" method (many colours, few tokens)
_MANY_COLOURS = np.array([3] * 30 + [0, 7])


@pytest.mark.parametrize(
    ("pool", "m", "method"), [(_MANY_COLOURS, 5, "count"), (np.array([5, 0, 3, 2]), 3, "marginals")]
)
def test_hypergeometric_rows_is_the_multivariate_hypergeometric(pool, m, method):
    """Both of numpy's methods: each colour's count against scipy's hypergeometric pmf
    (chi-square, p > 1e-4) and one pair's covariance against the closed form (4.5 SE)."""
    from collapse_core.categorical.sampling import hypergeometric_method

    total, colours = int(pool.sum()), np.count_nonzero(pool)
    assert hypergeometric_method(m, total, colours) == method
    n_rows = 20_000
    got = hypergeometric_rows(np.random.default_rng(8), m, np.tile(pool, (n_rows, 1)))
    assert np.all(got.sum(axis=1) == m) and np.all(got <= pool)
    for j in np.flatnonzero(pool):
        law = stats.hypergeom(total, pool[j], m)
        values = np.arange(min(m, pool[j]) + 1)
        observed = np.bincount(got[:, j], minlength=values.size)
        expected = law.pmf(values) * n_rows
        keep = expected >= 5
        observed = np.append(observed[keep], observed[~keep].sum())
        expected = np.append(expected[keep], expected[~keep].sum())
        if expected[-1] == 0:
            observed, expected = observed[:-1], expected[:-1]
        assert stats.chisquare(observed, expected * observed.sum() / expected.sum()).pvalue > 1e-4, j
    i, j = np.flatnonzero(pool)[[0, -1]]
    cov = -m * pool[i] * pool[j] / total**2 * (total - m) / (total - 1)
    prod = (got[:, i] - got[:, i].mean()) * (got[:, j] - got[:, j].mean())
    assert abs(prod.mean() - cov) <= 4.5 * prod.std() / np.sqrt(n_rows)


def test_hypergeometric_rows_ignore_zero_columns_and_row_grouping():
    """Rows that pick different methods, drawn together or one at a time with padding: the
    same draws on the nonzero columns."""
    from collapse_core.categorical.sampling import hypergeometric_method

    wide = np.concatenate([_MANY_COLOURS, [0, 0]])
    pool = np.array([wide, [5, 0, 3, 2] + [0] * 30, [0, 9] + [1] * 32])
    assert {hypergeometric_method(5, int(r.sum()), np.count_nonzero(r)) for r in pool} == {
        "count",
        "marginals",
    }
    together = hypergeometric_rows(np.random.default_rng(5), 5, pool)
    gen = np.random.default_rng(5)
    for i, row in enumerate(pool):
        padded = np.insert(row, [1, 4], 0)[None, :]
        alone = hypergeometric_rows(gen, 5, padded)[0]
        np.testing.assert_array_equal(alone[padded[0] > 0], together[i][row > 0])


@pytest.mark.slow
@pytest.mark.parametrize("kw", VARIANTS)
def test_matches_reference_loop_in_distribution(kw):
    """Means of every stored metric at three generations agree within 4.5 two-sample SEs."""
    cfg = _cfg(replicates=400, **kw)
    fast = simulate_categorical(cfg)
    rng = np.random.default_rng(12345)
    ref = [reference_chain(cfg, rng) for _ in range(400)]
    for name in (
        "surviving",
        "heterozygosity",
        "entropy",
        "tv_distance",
        "kl_divergence",
        "tail_coverage_top10",
        "tail_coverage_top100",
        "tail_mass_top10",
    ):
        a = fast.metric(name).astype(float)
        b = np.array([r[name] for r in ref], dtype=float)
        np.testing.assert_allclose(a[:, 0], b[:, 0], rtol=1e-9, atol=1e-12, err_msg=name)
        for t in (1, 7, cfg.generations):
            se = np.hypot(a[:, t].std(), b[:, t].std()) / np.sqrt(400)
            diff = abs(a[:, t].mean() - b[:, t].mean())
            assert diff <= 4.5 * se + 1e-12, (name, t, diff, se)


def test_generation_zero_is_the_truth():
    cfg = _cfg(replicates=3, truth="zipf", zipf_exponent=1.2)
    res = simulate_categorical(cfg)
    p0 = truth_probabilities(cfg)
    assert res.metric("surviving")[:, 0].tolist() == [150] * 3
    np.testing.assert_allclose(res.metric("heterozygosity")[:, 0], 1 - p0 @ p0)
    assert np.all(res.metric("tv_distance")[:, 0] == 0) and np.all(
        res.metric("tail_coverage_top100")[:, 0] == 1
    )
    np.testing.assert_allclose(res.arrays["snapshot_probabilities"][0, 0], p0)


def test_tail_coverage_is_nan_without_a_tail():
    res = simulate_categorical(
        CategoricalConfig(categories=8, sample_size=20, generations=3, replicates=2, seed=0)
    )
    assert np.all(np.isnan(res.metric("tail_coverage_top10")))
    assert np.all(res.metric("tail_mass_top10") == 0)


def test_extinction_tables_agree_with_surviving():
    cfg = _cfg(replicates=20)
    res = simulate_categorical(cfg)
    first, last = res.arrays["first_extinct"], res.arrays["last_extinct"]
    assert np.array_equal(first, last)  # no revival without fresh data or smoothing
    for t in range(cfg.generations + 1):
        alive = ((first < 0) | (first > t)).sum(axis=1)
        np.testing.assert_array_equal(alive, res.metric("surviving")[:, t])
    np.testing.assert_array_equal(res.metric("ever_extinct")[:, -1], (first > 0).sum(axis=1))
    np.testing.assert_allclose(survival_by_rank(res, 5), ((first < 0) | (first > 5)).mean(axis=0))
    tab = extinction_table(res, 0)
    assert np.all(np.diff(tab["first_extinct"]) >= 0) and not tab["revived"].any()
    rows = extinct_words(res, 0, limit=5)
    assert len(rows) == 5 and rows[0]["extinct_at"] == tab["first_extinct"][0]


def test_revivals_are_recorded_with_fresh_real_data():
    cfg = _cfg(replicates=20, real_fraction=0.5)
    res = simulate_categorical(cfg)
    revived = res.metric("revived")
    assert revived[:, 1:].sum() > 0 and np.all(revived[:, :2] == 0)
    first, last = res.arrays["first_extinct"], res.arrays["last_extinct"]
    back = (first > 0) & (last != first)
    assert back.any()
    # every category extinct at the end has a final-extinction generation >= its first one
    assert np.all(last[last > 0] >= first[last > 0])
    assert (last < 0).sum(axis=1).tolist() == res.metric("surviving")[:, -1].tolist()
    with pytest.raises(ValueError, match="alive states before the last generation"):
        survival_by_rank(res, 3)
    table = extinction_table(res, 0)
    assert table["revived"].any()


@pytest.mark.slow
def test_extinct_words_for_english():
    cfg = CategoricalConfig(
        truth="english", categories=3000, sample_size=2000, generations=30, replicates=2, seed=4
    )
    rows = extinct_words(simulate_categorical(cfg), replicate=1)
    assert rows and all(isinstance(r["word"], str) and r["word"] for r in rows)
    gens = [r["extinct_at"] for r in rows]
    assert gens == sorted(gens) and all(1 <= g <= 30 for g in gens)
    with pytest.raises(ValueError, match="replicate must be an integer from 0 to 1; got 2"):
        extinct_words(simulate_categorical(cfg), replicate=2)


def test_snapshots_sum_to_one_and_default_generations():
    cfg = _cfg(replicates=4, generations=40)
    res = simulate_categorical(cfg, snapshot_replicates=3)
    snaps = res.arrays["snapshot_probabilities"]
    assert res.arrays["snapshot_generations"][0] == 0 and res.arrays["snapshot_generations"][-1] == 40
    assert snaps.shape == (len(res.arrays["snapshot_generations"]), 3, 150)
    np.testing.assert_allclose(snaps.sum(axis=2), 1.0, atol=1e-12)
    last = snaps[-1]
    alive = res.arrays["last_extinct"][:3] < 0
    assert np.array_equal(last > 0, alive)


def test_lost_and_revived_totals_account_for_the_missing_categories():
    """Drop-outs so far minus comebacks so far is what is missing now, in every chain."""
    from collapse_core import simulate

    cfg = CategoricalConfig(
        categories=300, sample_size=200, generations=40, replicates=20, real_fraction=0.2, seed=6
    )
    res = simulate(cfg)
    lost, back = res.metric("lost_total"), res.metric("revived_total")
    np.testing.assert_array_equal(lost - back, res.metric("extinct"))
    assert (np.diff(lost, axis=1) >= 0).all() and back[:, -1].max() > 0


def _chi_square_against_multinomial(counts: np.ndarray, n: int, p: np.ndarray) -> float:
    """p-value of the observed count vectors (rows) against Multinomial(n, p), every outcome a cell."""
    from collections import Counter

    from scipy import stats

    seen = Counter(map(tuple, counts.tolist()))
    outcomes = [o for o in _compositions(n, p.size)]
    expected = np.array([stats.multinomial.pmf(o, n, p) for o in outcomes]) * counts.shape[0]
    observed = np.array([seen.get(tuple(o), 0) for o in outcomes])
    assert observed.sum() == counts.shape[0]  # nothing outside the support
    keep = expected > 0
    assert observed[~keep].sum() == 0
    return stats.chisquare(observed[keep], expected[keep]).pvalue


def _compositions(n: int, k: int):
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in _compositions(n - first, k - 1):
            yield (first, *rest)


@pytest.mark.parametrize("alpha", [0.0, 0.5])
# n = 1: binary search (10 > 8 tokens per draw); 3: token list; 5 with N = 50: K <= n, so one
# multinomial over the categories
@pytest.mark.parametrize(("n", "scale"), [(1, 1), (3, 1), (5, 5)])
def test_resample_counts_is_the_multinomial_of_the_smoothed_model(alpha, n, scale):
    from collapse_core.categorical.sampling import resample_counts

    train = np.tile(np.array([5, 0, 3, 2]) * scale, (20_000, 1))  # identity layout, K = 4
    total = 10 * scale
    got = resample_counts(np.random.default_rng(11), n, train, total, alpha, 4)
    p = (train[0] + alpha) / (total + alpha * 4)
    assert _chi_square_against_multinomial(got, n, p) > 1e-4


@pytest.mark.parametrize(("n", "scale", "k"), [(4, 1, 5), (5, 10, 5)])  # token list; multinomial
def test_resample_counts_ignores_zero_columns_and_row_grouping(n, scale, k):
    from collapse_core.categorical.sampling import resample_counts

    train = np.array([[5, 0, 3, 2, 0], [0, 10, 0, 0, 0], [1, 2, 3, 4, 0]]) * scale
    total = 10 * scale
    dense = resample_counts(np.random.default_rng(2), n, train, total, 0.0, k)
    # the same rows with extra zero columns (padding), drawn one row at a time
    gen = np.random.default_rng(2)
    for i, row in enumerate(train):
        padded = np.insert(row, [1, 3], 0)[None, :]
        got = resample_counts(gen, n, padded, total, 0.0, k)[0]
        np.testing.assert_array_equal(got[padded[0] > 0], dense[i][row > 0])
        assert got[padded[0] == 0].sum() == 0


def test_categorical_counts_is_multinomial():
    from collapse_core.categorical.sampling import categorical_counts

    p = np.array([0.5, 0.3, 0.15, 0.05])
    got = categorical_counts(np.random.default_rng(4), 3, np.cumsum(p), 20_000)
    assert _chi_square_against_multinomial(got, 3, p) > 1e-4


@pytest.mark.parametrize(
    "kw",
    [
        {"regime": "accumulate-subsample", "real_fraction": 0.3},
        {"regime": "accumulate", "real_fraction": 0.3, "real_source": "fixed"},
        {"regime": "accumulate-subsample", "smoothing": 0.2, "real_fraction": 0.1},
    ],
)
def test_more_regimes_match_the_reference_loop_in_distribution(kw):
    test_matches_reference_loop_in_distribution(kw)


@pytest.mark.parametrize(
    "kw",
    [
        {"sample_size": 41, "real_fraction": 0.3},  # odd token counts per row (n_syn = 29)
        {"sample_size": 41, "regime": "accumulate", "smoothing": 0.3, "real_fraction": 0.1},
        {"sample_size": 41, "regime": "accumulate-subsample", "real_fraction": 0.2, "real_source": "fixed"},
    ],
)
def test_chunk_and_compaction_invariance_with_odd_token_counts(kw):
    test_same_seed_same_result_and_chunk_and_compaction_invariance(kw)


def _inverse_cdf_cases():
    gen = np.random.default_rng(21)
    zipf = 1 / np.arange(1, 5001)
    gaps = np.where(np.arange(300) % 7 < 3, 0.0, gen.random(300))  # runs of zero-probability categories
    crowded = np.concatenate([[1e4], np.full(20_000, 1e-3)])  # a bucket of ~100 categories: the fallback
    return {
        "zipf": zipf,
        "zeros": np.concatenate([[0.0, 0.0], gaps, [0.0]]),
        "crowded": crowded,
        "one": np.array([1.0]),
    }


@pytest.mark.parametrize("name", ["zipf", "zeros", "crowded", "one"])
def test_inverse_cdf_is_the_binary_search_bit_for_bit(name):
    from collapse_core.categorical.sampling import InverseCDF

    w = _inverse_cdf_cases()[name]
    cdf = np.cumsum(w / w.sum())
    icdf = InverseCDF(cdf)
    gen = np.random.default_rng(3)
    starts = np.arange(icdf.guide.size) / icdf.scale
    edges = np.concatenate([cdf, starts, [0.0, cdf[-1]]])
    keys = np.concatenate(
        [gen.random(50_000) * cdf[-1], edges, np.nextafter(edges, -1), np.nextafter(edges, 2)]
    )
    keys = np.clip(keys, 0.0, cdf[-1])
    want = np.minimum(np.searchsorted(cdf, keys, side="right"), cdf.size - 1)
    np.testing.assert_array_equal(icdf.index(keys), want)
    np.testing.assert_array_equal(icdf.index(keys.reshape(-1, 1)), want.reshape(-1, 1))
