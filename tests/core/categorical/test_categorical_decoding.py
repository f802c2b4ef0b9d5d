"""Decoding knobs of the categorical family (temperature, top-k, top-p) and its fresh-sample baseline.

Statistical checks use tests/statistical/stats_helpers.py: means within Z = 4.5 standard errors, two-sample
KS at p > 1e-4.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from categorical_reference import reference_chain, reference_decode
from stats_helpers import Z, assert_mean_close, assert_same_distribution

from collapse_core.categorical import (
    CategoricalConfig,
    expected_heterozygosity,
    expected_surviving,
    fresh_sample_surviving,
    simulate_categorical,
    theory,
    truth_probabilities,
)
from collapse_core.categorical import engine as engine_mod
from collapse_core.categorical.truth import truth_probabilities as _truth
from collapse_core.cli import main
from collapse_core.decoding import decode_rows

# ---------------------------------------------------------------- knobs off: untouched

# sha256 of every Result array (name, dtype, bytes, sorted by name), computed with main's code
# (commit d44a138, before the knobs existed) for these settings: the knobs at their defaults
# must reproduce them bit for bit. The fourth was recomputed when accumulate-subsample began
# choosing numpy's "count" method for small pools (sampling.hypergeometric_method: the same
# law, other draws); the decoded path is still never reached with the knobs off.
MAIN_DIGESTS = [
    (
        dict(categories=300, sample_size=200, generations=20, replicates=7, seed=11),
        "701eb45f6d2d38a639d2364c6a280c9bb58bb70bd57c49acb512f0689f6dee84",
    ),
    (
        dict(categories=300, sample_size=200, generations=20, replicates=7, seed=12, smoothing=0.3),
        "31c5e9310beed9e01e08ec8705c39e63fa39356ff66d1948d1dc3ede742adcb9",
    ),
    (
        dict(
            categories=300,
            sample_size=200,
            generations=20,
            replicates=7,
            seed=13,
            real_fraction=0.2,
            regime="accumulate",
        ),
        "ec8ecc38fe153a28c556928530b946caddd45985af6eed15f31a5bffdc32fe60",
    ),
    (
        dict(
            categories=300,
            sample_size=200,
            generations=20,
            replicates=7,
            seed=14,
            regime="accumulate-subsample",
            real_fraction=0.1,
            real_source="fixed",
        ),
        "b2aef4ae953564d1476f7932ed22662dcf13fa5bb79ccccc41911380caac2c96",
    ),
]


def _digest(res) -> str:
    h = hashlib.sha256()
    for name in sorted(res.arrays):
        a = np.ascontiguousarray(res.arrays[name])
        h.update(name.encode())
        h.update(str(a.dtype).encode())
        h.update(a.tobytes())
    return h.hexdigest()


@pytest.mark.parametrize(("kw", "expected"), MAIN_DIGESTS)
def test_knobs_at_defaults_reproduce_main_bit_for_bit(kw, expected, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the decoded path ran with every knob off")

    monkeypatch.setattr(engine_mod, "decoded_counts", never)
    cfg = CategoricalConfig(**kw, temperature=1.0, top_k=0, top_p=1.0)
    assert not cfg.decodes
    assert _digest(simulate_categorical(cfg, snapshot_replicates=2)) == expected


# ---------------------------------------------------------------- the decoding rule


def _kept(p, **kw) -> np.ndarray:
    return np.flatnonzero(decode_rows(np.array([p]), **kw)[0])


def test_top_p_keeps_the_minimal_set_on_a_hand_made_distribution():
    p = [0.1, 0.4, 0.2, 0.2, 0.1]  # ranking: 1, then 2 and 3 tied (2 first), then 0 and 4 tied
    assert _kept(p, top_p=0.3).tolist() == [1]  # 0.4 >= 0.3
    assert _kept(p, top_p=0.5).tolist() == [1, 2]  # the tie goes to the lower index
    assert _kept(p, top_p=0.6).tolist() == [1, 2]  # exactly 0.6 reaches 0.6
    assert _kept(p, top_p=0.7).tolist() == [1, 2, 3]
    assert _kept(p, top_p=0.85).tolist() == [0, 1, 2, 3]
    assert _kept(p, top_p=1.0).tolist() == [0, 1, 2, 3, 4]
    w = decode_rows(np.array([p]), top_p=0.7)[0]
    assert np.allclose(w / w.sum(), [0, 0.5, 0.25, 0.25, 0])


def test_top_p_kept_mass_reaches_p_and_no_smaller_prefix_does():
    rng = np.random.default_rng(5)
    for _ in range(300):
        p = rng.dirichlet(np.full(rng.integers(2, 40), 0.3))
        p[rng.random(p.size) < 0.2] = 0.0  # dead categories
        if not p.any():
            continue
        p /= p.sum()
        top_p = float(rng.uniform(0.01, 1.0))
        kept = _kept(p, top_p=top_p)
        ranking = sorted(np.flatnonzero(p), key=lambda i: (-p[i], i))
        assert kept.tolist() == sorted(ranking[: kept.size])  # a prefix of the ranking
        assert p[kept].sum() >= top_p - 1e-9
        assert p[ranking[: kept.size - 1]].sum() < top_p  # one fewer does not reach p


def test_top_k_keeps_k_with_ties_to_the_lower_index():
    p = np.array([0.1, 0.3, 0.1, 0.3, 0.1, 0.1])
    assert _kept(p, top_k=1).tolist() == [1]
    assert _kept(p, top_k=3).tolist() == [0, 1, 3]
    assert _kept(p, top_k=10).tolist() == [0, 1, 2, 3, 4, 5]
    rng = np.random.default_rng(2)
    for _ in range(100):
        p = rng.random(rng.integers(5, 30))
        k = int(rng.integers(1, p.size + 1))
        kept = _kept(p, top_k=k)
        assert kept.size == k and p[kept].min() >= np.delete(p, kept).max(initial=0)


def test_temperature_and_padding_columns():
    p = np.array([[0.5, 0.3, 0.2, 0.0]])
    for t in (0.3, 1.0, 2.5):
        w = decode_rows(p, temperature=t)[0]
        q = p[0] ** (1 / t)
        assert np.allclose(w / w.sum(), q / q.sum())
    # zero columns anywhere change neither the kept set nor the weights of the others
    w = decode_rows(p, temperature=0.7, top_k=2, top_p=0.6)[0]
    padded = decode_rows(
        np.array([[0.0, 0.5, 0.0, 0.3, 0.2, 0.0, 0.0]]), temperature=0.7, top_k=2, top_p=0.6
    )[0]
    assert np.array_equal(padded[[1, 3, 4]], w[:3]) and not padded[[0, 2, 5, 6]].any()
    assert np.allclose(reference_decode(p[0], 0.7, 2, 0.6), w / w.sum())


# ---------------------------------------------------------------- the chain with knobs on


def _top10_share(res, t) -> np.ndarray:
    return 1.0 - res.arrays["tail_mass_top10"][:, t]


def test_low_temperature_raises_the_top10_share():
    """At T = 1 (replace, no real text, plain counting) the model is a martingale, so E[top-10
    share] stays the truth's; at T = 0.8 it must rise clearly above it."""
    kw = dict(categories=200, sample_size=200, generations=4, replicates=2000, seed=21)
    plain = simulate_categorical(CategoricalConfig(**kw))
    cold = simulate_categorical(CategoricalConfig(**kw, temperature=0.8))
    truth_share = float(truth_probabilities(plain.config)[:10].sum())
    assert_mean_close(_top10_share(plain, 4), truth_share, "T = 1 top-10 share")
    a, b = _top10_share(cold, 4), _top10_share(plain, 4)
    se = np.hypot(a.std(ddof=1) / np.sqrt(a.size), b.std(ddof=1) / np.sqrt(b.size))
    assert a.mean() - b.mean() > Z * se, (a.mean(), b.mean(), se)
    # generation 1 is fitted on tokens from the truth (real data is never decoded)
    assert np.array_equal(cold.arrays["surviving"][:, 1], plain.arrays["surviving"][:, 1])


def test_top_k_limits_the_words_alive():
    """Under replace with no real text every synthetic token is one of the k kept words, so no
    more than k words can be alive from generation 2 on."""
    res = simulate_categorical(
        CategoricalConfig(categories=300, sample_size=500, generations=6, replicates=20, seed=3, top_k=25)
    )
    assert (res.arrays["surviving"][:, 2:] <= 25).all()
    assert (res.arrays["surviving"][:, 1] > 25).all()


CASES = [
    dict(temperature=0.8),
    dict(top_k=20, top_p=0.9),
    dict(temperature=1.3, top_p=0.8, smoothing=0.2, real_fraction=0.2),
    dict(temperature=0.9, top_k=30, regime="accumulate"),
]


@pytest.mark.parametrize("kw", CASES)
def test_fast_path_matches_the_slow_reference_in_distribution(kw):
    """The vectorised engine vs a per-replicate loop (full-K vectors, a plain sorted-list decode,
    numpy's multinomial): two-sample KS at p > 1e-4 on several metrics at the last generation."""
    cfg = CategoricalConfig(categories=40, sample_size=50, generations=5, replicates=400, seed=8, **kw)
    fast = simulate_categorical(cfg)
    rngs = [np.random.default_rng([99, i]) for i in range(cfg.replicates)]
    slow = [reference_chain(cfg, g) for g in rngs]
    for name in ("surviving", "heterozygosity", "tail_mass_top10"):
        ref = np.array([r[name][-1] for r in slow])
        assert_same_distribution(fast.arrays[name][:, -1], ref, f"{name} {kw}")


def test_layout_and_chunking_never_change_a_decoded_run():
    """Same draws with or without dropping dead columns and in any row chunks (as for the plain
    path: counts exactly, float metrics up to summation order over a different width)."""
    cfg = CategoricalConfig(
        categories=500,
        sample_size=120,
        generations=12,
        replicates=9,
        seed=4,
        temperature=0.9,
        top_k=60,
        top_p=0.95,
    )
    p0 = _truth(cfg)
    a = engine_mod.run(cfg, 4, p0)
    for b in (engine_mod.run(cfg, 4, p0, compact=False), engine_mod.run(cfg, 4, p0, chunk_cells=700)):
        for name, val in a.metrics.items():
            np.testing.assert_allclose(b.metrics[name], val, rtol=1e-12, atol=1e-14, err_msg=name)
        assert np.array_equal(a.metrics["surviving"], b.metrics["surviving"])
        assert np.array_equal(a.first_extinct, b.first_extinct) and np.array_equal(
            a.last_extinct, b.last_extinct
        )


# ---------------------------------------------------------------- validation, theory, CLI


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(temperature=0.0), "temperature must lie in [0.05, 5]; got 0.0"),
        (dict(temperature=-1.0), "temperature must lie in [0.05, 5]; got -1.0"),
        (dict(temperature=float("nan")), "temperature must be a finite number; got nan"),
        (dict(top_p=0.0), "top_p must lie in (0, 1]; got 0.0"),
        (dict(top_p=1.5), "top_p must lie in (0, 1]; got 1.5"),
        (dict(top_p=float("nan")), "top_p must be a finite number; got nan"),
        (dict(top_k=-1), "top_k must be an integer from 0 to 1,000,000; got -1"),
        (dict(top_k=2.5), "top_k must be an integer from 0 to 1,000,000; got 2.5 (float)"),
    ],
)
def test_config_validation_messages(kw, message):
    with pytest.raises(ValueError) as exc:
        CategoricalConfig(**kw)
    assert str(exc.value) == message


def test_theory_leaves_out_what_decoding_breaks():
    cfg = CategoricalConfig(categories=100, sample_size=50, generations=10, temperature=0.9)
    th = theory(cfg)
    assert "expected_heterozygosity" not in th and "expected_surviving" not in th
    assert "fixation_probability_rank1" not in th and "decoding" in th["omitted"]
    assert expected_surviving(cfg) is None
    with pytest.raises(ValueError, match="decoding"):
        expected_heterozygosity(cfg)
    assert (
        th["fresh_sample_surviving"]
        == theory(CategoricalConfig(categories=100, sample_size=50, generations=10))["fresh_sample_surviving"]
    )


def test_cli_flags_reach_the_config_and_theory(capsys):
    argv = [
        "simulate",
        "--family",
        "categorical",
        "--categories",
        "200",
        "--sample-size",
        "100",
        "--generations",
        "5",
        "--replicates",
        "4",
        "--seed",
        "1",
        "--temperature",
        "0.7",
        "--top-k",
        "50",
        "--top-p",
        "0.9",
    ]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["config"]["temperature"], doc["config"]["top_k"], doc["config"]["top_p"]) == (0.7, 50, 0.9)
    assert "omitted" in doc["theory"] and "expected_heterozygosity" not in doc["theory"]


def test_cli_refuses_the_knobs_for_a_family_without_them(capsys):
    assert main(["simulate", "--family", "gaussian", "--temperature", "0.5"]) == 2
    assert "--temperature belongs to --family categorical / text, not gaussian" in capsys.readouterr().err


def test_cli_names_a_bad_knob(capsys):
    assert main(["simulate", "--family", "categorical", "--top-p", "0"]) == 2
    assert "top_p must lie in (0, 1]" in capsys.readouterr().err


# ---------------------------------------------------------------- the fresh-sample baseline


@pytest.mark.parametrize("regime", ["replace", "accumulate"])
def test_fresh_sample_baseline_matches_monte_carlo(regime):
    """E[words seen in N fresh tokens] = sum_k 1 - (1 - p_k)^N vs 3000 direct draws, 4.5 SE."""
    cfg = CategoricalConfig(categories=1000, sample_size=300, generations=4, regime=regime)
    closed = fresh_sample_surviving(cfg)
    p0 = truth_probabilities(cfg)
    rng = np.random.default_rng(17)
    assert closed[0] == cfg.categories
    for t in (1, 4):
        n = cfg.sample_size * (t if regime == "accumulate" else 1)
        seen = (rng.multinomial(n, p0, size=3000) > 0).sum(axis=1)
        assert_mean_close(seen, closed[t], f"fresh sample of {n} tokens")


def test_generation_one_is_a_fresh_sample():
    """Generation 1 is fitted on M tokens from the truth: its words alive are the baseline's."""
    cfg = CategoricalConfig(categories=1000, sample_size=2000, generations=1, replicates=2000, seed=6)
    res = simulate_categorical(cfg)
    assert_mean_close(res.arrays["surviving"][:, 1], fresh_sample_surviving(cfg)[1], "generation 1")


def test_the_low_temperature_preset_tells_its_story():
    """Its explanation, over the preset's 100 chains: at T = 0.95 at most a handful of words (<= 5)
    by generation 50 and one word in every chain by 100; at T = 1 a dozen or more (>= 10) in every chain."""
    from collapse_core import presets

    p = presets.get("vocab-low-temperature")
    cold = simulate_categorical(p.config).arrays["surviving"]
    plain = simulate_categorical(p.compare).arrays["surviving"]
    assert cold[:, 50].max() <= 5 and (cold[:, 100] == 1).all() and plain[:, 100].min() >= 10
