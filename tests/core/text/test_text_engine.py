"""The text family's chain: the unigram case against a plain multinomial resampling loop,
temperature and top-p effects, seeds and replicate invariance, config messages, the CLI."""

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest
from stats_helpers import Z, assert_same_distribution

from collapse_core import BATCH, simulate
from collapse_core.cli import main
from collapse_core.text import TextConfig
from collapse_core.text import corpus as corpus_mod


@pytest.fixture(scope="module")
def zipf_corpus():
    """A registered corpus: 150 words with Zipf counts, in sentences of 9 words."""
    rng = np.random.default_rng(5)
    words = [f"w{i}" for i in range(150)]
    counts = np.maximum(1, (300 / np.arange(1, 151)).astype(int))
    tokens = np.repeat(np.arange(150), counts)
    rng.shuffle(tokens)
    text = ". ".join(" ".join(words[i] for i in tokens[j : j + 9]) for j in range(0, tokens.size, 9)) + "."
    corp = corpus_mod.build("upload-00000000000000aa", "test", text)
    corpus_mod.register(corp)
    return corp


def reference_unigram(train_counts: np.ndarray, m: int, generations: int, rng) -> np.ndarray:
    """Plain loop: generation 1 = the corpus counts (M = the whole text); then counts ~
    Multinomial(M, counts / M). Returns distinct words (id 0, the boundary, left out) per generation."""
    counts = train_counts.copy()
    out = [np.count_nonzero(counts[1:])]
    for _ in range(generations - 1):
        counts = rng.multinomial(m, counts / m)
        out.append(np.count_nonzero(counts[1:]))
    return np.array(out)


def test_unigram_at_temperature_one_is_multinomial_resampling(zipf_corpus):
    m = int(zipf_corpus.train.size)
    g, r = 12, 200
    cfg = TextConfig(corpus=zipf_corpus.name, order=1, sample_size=m, generations=g, replicates=r, seed=11)
    res = simulate(cfg, budget=BATCH)
    ours = res.metric("distinct_words")[:, 1:]
    assert np.all(
        ours[:, 0] == np.count_nonzero(zipf_corpus.train_counts[1:])
    )  # generation 1: the whole text
    rng = np.random.default_rng(99)
    ref = np.array([reference_unigram(zipf_corpus.train_counts, m, g, rng) for _ in range(r)])
    for t in (2, 4, 8, 12):
        assert_same_distribution(ours[:, t - 1], ref[:, t - 1], f"distinct words, generation {t}")
        diff = ours[:, t - 1].mean() - ref[:, t - 1].mean()
        se = np.sqrt(ours[:, t - 1].var(ddof=1) / r + ref[:, t - 1].var(ddof=1) / r)
        assert abs(diff) < Z * se, f"generation {t}: mean {diff:+.2f} words, {diff / se:+.1f} se"


def test_low_temperature_raises_the_top10_share():
    base = TextConfig(sample_size=3000, generations=4, replicates=24, order=2, seed=3)
    hot = simulate(base).metric("top10_share")[:, -1]
    cold = simulate(dataclasses.replace(base, temperature=0.8)).metric("top10_share")[:, -1]
    diff = cold.mean() - hot.mean()
    se = np.sqrt(cold.var(ddof=1) / cold.size + hot.var(ddof=1) / hot.size)
    # tolerance: the increase must exceed 4.5 standard errors of the difference of means
    assert diff > Z * se, f"top-10 share at T=0.8 minus T=1: {diff:+.3f} ({diff / se:+.1f} se)"


def test_top_p_and_no_smoothing_lose_words_for_good():
    cfg = TextConfig(sample_size=2000, generations=8, replicates=4, order=2, top_p=0.9, seed=4)
    res = simulate(cfg)
    words = res.metric("distinct_words")
    assert np.all(np.diff(words[:, 1:], axis=1) <= 0)  # nothing comes back without real text or smoothing
    first = res.arrays["first_lost"]
    lost_now = res.metric("words_lost")[:, -1]
    assert np.array_equal((first > 0).sum(axis=1), lost_now)


def test_same_seed_same_result_and_replicate_prefix_invariance():
    cfg = TextConfig(sample_size=1500, generations=4, replicates=3, order=3, real_fraction=0.2, seed=8)
    a, b = simulate(cfg), simulate(cfg)
    c = simulate(dataclasses.replace(cfg, replicates=5))
    for name in a.metric_names:
        np.testing.assert_array_equal(a.metric(name), b.metric(name))
        np.testing.assert_array_equal(a.metric(name), c.metric(name)[:3])
    np.testing.assert_array_equal(a.arrays["samples"], c.arrays["samples"])


@pytest.mark.parametrize(
    "kw",
    [
        dict(regime="accumulate"),
        dict(real_fraction=0.3, real_source="fixed"),
        dict(smoothing=0.05, top_k=20),
        dict(order=4, temperature=1.3),
        dict(order=1, top_p=0.5),
    ],
)
def test_every_combination_runs_with_sane_metrics(kw):
    cfg = TextConfig(sample_size=800, generations=3, replicates=2, seed=2, **kw)
    res = simulate(cfg)
    for name in res.metric_names:
        assert res.metric(name).shape == (2, 4)
    assert np.all(res.metric("top10_share") <= 1) and np.all(res.metric("perplexity") > 1)
    assert res.arrays["samples"].shape[0] == 2  # generations 0 and 1 (5, 20, 50 lie beyond G)


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        (dict(order=5), "order must be an integer from 1 to 4"),
        (dict(temperature=0.0), "temperature must lie in [0.05, 5]"),
        (dict(top_p=0.0), "top_p must lie in (0, 1]"),
        (dict(top_k=-1), "top_k must be an integer from 0"),
        (dict(smoothing=float("nan")), "smoothing must be a finite number"),
        (dict(corpus="../etc/passwd"), "corpus must be 'python-docs' or 'upload-'"),
        (dict(regime="accumulate-subsample"), "not available for the text family"),
    ],
)
def test_config_messages_name_the_field(kw, fragment):
    with pytest.raises(ValueError, match=None) as exc:
        TextConfig(**kw)
    assert fragment in str(exc.value)


def test_unknown_upload_is_a_clear_error():
    with pytest.raises(ValueError, match="upload it again"):
        simulate(TextConfig(corpus="upload-0123456789abcdef", seed=1))


ARGS = [
    "simulate",
    "--family",
    "text",
    "--sample-size",
    "500",
    "--generations",
    "3",
    "--replicates",
    "2",
    "--seed",
    "3",
]


def test_cli_json_shape(capsys):
    assert main([*ARGS, "--order", "3", "--temperature", "0.9", "--top-p", "0.95"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"config", "seed", "engine", "summary", "provenance"} <= set(doc)
    assert doc["config"]["family"] == "text" and doc["config"]["top_p"] == 0.95
    assert len(doc["summary"]["distinct_words"]["mean"]) == 4


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--order", "9"], "order must be an integer from 1 to 4"),
        (["--truth", "zipf"], "--truth belongs to --family categorical"),
        (["--temperature", "abc"], "invalid float value"),
    ],
)
def test_cli_bad_arguments_exit_2(extra, fragment):
    proc = subprocess.run(
        [sys.executable, "-m", "collapse_core", *ARGS, *extra], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0]
