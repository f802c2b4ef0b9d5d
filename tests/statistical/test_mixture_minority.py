"""A minority component under replace drifts as Wright-Fisher: checked against theory and a
plain per-replicate binomial loop; under accumulate it keeps its share."""

from __future__ import annotations

import numpy as np
import pytest

from collapse_core import MixtureConfig, simulate
from collapse_core.mixture import minority
from tests.statistical.stats_helpers import assert_mean_close, assert_same_distribution

M, G, R, W0 = 50, 40, 1000, 0.1
# Separation 10: the components' overlap is ~1e-6, so EM's fitted weight is the sampled share
# (off the 1/M grid only in rare generations where a small component's variance balloons).
BASE = dict(components=2, separation=10.0, minority_weight=W0, sample_size=M, generations=G, replicates=R)


@pytest.fixture(scope="module")
def replace_weights() -> np.ndarray:
    return simulate(MixtureConfig(**BASE, seed=11)).metric("minority_weight")


def _wright_fisher(n: int, seed: int) -> np.ndarray:
    """A plain loop: each generation's count ~ Binomial(M, count / M), from W0 * M."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, G + 1))
    out[:, 0] = W0
    for t in range(G):
        out[:, t + 1] = rng.binomial(M, out[:, t]) / M
    return out


@pytest.mark.parametrize("t", [1, 10, G])
def test_minority_weight_is_a_martingale(replace_weights, t):
    assert_mean_close(replace_weights[:, t], W0, f"E[w_{t}]")


@pytest.mark.parametrize("t", [1, 10, G])
def test_minority_heterozygosity_decays_at_the_wright_fisher_rate(replace_weights, t):
    w = replace_weights[:, t]
    assert_mean_close(w * (1 - w), W0 * (1 - W0) * (1 - 1 / M) ** t, f"E[w_{t}(1 - w_{t})]")


@pytest.mark.parametrize("t", [10, G])
def test_minority_counts_match_a_plain_binomial_loop(replace_weights, t):
    counts = np.rint(replace_weights[:, t] * M)
    assert_same_distribution(counts, _wright_fisher(20000, seed=5)[:, t] * M, f"minority count at {t}")


def test_accumulate_keeps_the_minority_at_its_own_rate():
    # Pooling t batches of M: w_{t+1} = (t w_t + Binomial(M, w_t) / M) / (t + 1), so
    # E[w(1 - w)] loses a factor (1 - 1 / (M (t + 1)^2)) per generation instead of (1 - 1/M):
    # the product converges (to about 1 - pi^2 / (6 M)), the minority is not driven out.
    acc = simulate(MixtureConfig(**BASE, regime="accumulate", seed=3))
    w = acc.metric("minority_weight")[:, G]
    het = W0 * (1 - W0) * (1 - 1 / M) * np.prod([1 - 1 / (M * s * s) for s in range(2, G + 1)])
    assert_mean_close(w * (1 - w), het, "accumulate: E[w_G(1 - w_G)]")
    assert_mean_close(acc.metric("minority_share")[:, G], 1.0, "accumulate: minority share at G")
    rep = simulate(MixtureConfig(**{**BASE, "replicates": 300}, seed=3))
    lost_rep = 1 - rep.metric("minority_alive")[:, G].mean()
    lost_acc = 1 - acc.metric("minority_alive")[:, G].mean()
    # Wright-Fisher from 5 of 50: P(count <= 2 after 40 generations) is about 0.7 under replace;
    # under accumulate the share's spread stays near its first generation's (sd about 0.05).
    assert lost_rep > 0.5
    assert lost_acc < 0.5 * lost_rep


def test_truth_weights_and_minority_weight_set_the_truth():
    from collapse_core.mixture.truth import truth

    cfg = MixtureConfig(components=3, minority_weight=0.1)
    np.testing.assert_allclose(truth(cfg).weights[0], [0.1, 0.45, 0.45])
    cfg = MixtureConfig(components=3, truth_weights="0.6,0.3,0.1")
    np.testing.assert_allclose(truth(cfg).weights[0], [0.6, 0.3, 0.1])
    assert minority.index(cfg) == 2
    res = simulate(MixtureConfig(components=3, truth_weights="0.6,0.3,0.1", generations=2, replicates=2))
    assert res.metric("minority_share")[0, 0] == pytest.approx(1.0)
    assert res.metric("minority_alive")[0, 0] == 1.0
    assert res.metric("kl_upper_bound")[0, 0] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"minority_weight": 0.5}, "minority_weight"),
        ({"minority_weight": -0.1}, "minority_weight"),
        ({"minority_weight": float("nan")}, "minority_weight"),
        ({"minority_weight": "0.1"}, "minority_weight"),
        ({"truth_weights": "0.5,0.5"}, "one weight per component"),
        ({"truth_weights": "0.5,0.3,0.3"}, "sum to 1"),
        ({"truth_weights": "0.999,0.0005,0.0005"}, "at least"),
        ({"truth_weights": "0.8,0.1,0.1", "minority_weight": 0.1}, "not both"),
        ({"truth_weights": (0.1, 0.2, 0.7)}, "text"),
        ({"truth_weights": "0.5,abc,0.5"}, "numbers separated"),
        ({"truth_weights": "nan,0.5,0.5"}, "finite"),
    ],
)
def test_bad_minority_settings_are_refused_by_name(fields, words):
    with pytest.raises(ValueError, match=words):
        MixtureConfig(components=3, **fields)


def test_minority_preset_shows_what_its_words_say():
    from collapse_core import presets

    p = presets.get("gmm-minority")
    acc, rep = simulate(p.config), simulate(p.compare)
    g = p.config.generations
    # "more than four chains in five have lost it, while the two common modes are still there"
    assert 0.8 < 1 - rep.metric("minority_alive")[:, g].mean() < 1
    assert np.median(rep.metric("modes_alive")[:, g]) >= 2
    # "nearly every chain still has it", its share "near a tenth"
    assert acc.metric("minority_alive")[:, g].mean() >= 0.85
    assert 0.07 <= np.median(acc.metric("minority_weight")[:, g]) <= 0.13
