"""Validation messages, budgets and the truths (English loads offline)."""

import socket

import numpy as np
import pytest

from collapse_core import BATCH, Budget, WorkBudgetError
from collapse_core.categorical import CategoricalConfig, simulate_categorical, truth_probabilities
from collapse_core.categorical import budget as cat_budget
from collapse_core.categorical import truth as truth_mod


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"truth": "pareto"}, "truth must be one of zipf, uniform, english; got 'pareto'"),
        ({"categories": 1}, "categories must be an integer from 2 to 1,000,000; got 1 (truth 'zipf')"),
        ({"categories": 2.5}, "categories must be an integer from 2 to 1,000,000; got 2.5 (float)"),
        ({"categories": True}, "categories must be an integer"),
        (
            {"truth": "english", "categories": 50_001},
            "categories must be an integer from 2 to 50,000; got 50,001 (truth 'english')",
        ),
        ({"zipf_exponent": -0.5}, "zipf_exponent must lie in [0, 10]; got -0.5"),
        ({"zipf_exponent": float("nan")}, "zipf_exponent must be a finite number"),
        ({"smoothing": -1}, "smoothing must lie in [0, 1e+06]; got -1"),
        ({"smoothing": "1"}, "smoothing must be a number; got '1' (str)"),
        (
            {"regime": "accumulate-subsample", "sample_size": 10**6, "generations": 1000},
            "sample_size x generations must be below 10^9 for regime 'accumulate-subsample'",
        ),
        ({"sample_size": 1}, "sample_size must be an integer from 2"),
        ({"real_fraction": 1.5}, "real_fraction must lie in [0, 1]; got 1.5"),
        ({"real_source": "stale"}, "real_source must be one of fresh, fixed; got 'stale'"),
    ],
)
def test_validation_names_field_value_and_allowed(kwargs, message):
    with pytest.raises(ValueError, match="^" + __import__("re").escape(message)):
        CategoricalConfig(**kwargs)


def test_config_is_hashable_and_records_family():
    a, b = CategoricalConfig(seed=1), CategoricalConfig(seed=1)
    assert hash(a) == hash(b) and a == b
    d = a.asdict()
    assert d["family"] == "categorical" and d["truth"] == "zipf" and d["smoothing"] == 0.0


def test_sparse_only_when_lost_categories_cannot_return():
    assert CategoricalConfig().sparse
    assert CategoricalConfig(real_fraction=0.1, real_source="fixed").sparse
    assert not CategoricalConfig(real_fraction=0.1).sparse
    assert not CategoricalConfig(smoothing=0.5).sparse


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "monte-carlo"}, "engine must be one of auto, exact for the categorical family"),
        ({"chunk": 0}, "chunk must be a positive integer; got 0"),
        ({"snapshot_generations": (0, 99)}, "snapshot_generations must hold integers from 0 to 5; got 99"),
        ({"snapshot_replicates": 17}, "snapshot_replicates must be an integer from 0 to 16; got 17"),
    ],
)
def test_request_validation(kwargs, message):
    with pytest.raises(ValueError, match=__import__("re").escape(message)):
        simulate_categorical(CategoricalConfig(generations=5, replicates=2, seed=0), **kwargs)


def test_simulate_rejects_other_configs():
    from collapse_core import GaussianConfig

    with pytest.raises(TypeError, match="needs a CategoricalConfig"):
        simulate_categorical(GaussianConfig())


@pytest.mark.parametrize(
    ("kwargs", "budget", "message"),
    [
        ({"replicates": 100_000, "generations": 100}, Budget(), "result cells exceeds the budget"),
        (
            {"replicates": 1000, "categories": 100_000},
            Budget(),
            "memory at its peak.*fewer replicates or categories",
        ),
        (
            {
                "replicates": 400,
                "categories": 50_000,
                "sample_size": 10**5,
                "generations": 20_000,
                "real_fraction": 0.1,
            },
            BATCH,
            "CPU-seconds, over the batch budget",
        ),
        (
            {"replicates": 200, "categories": 20_000, "generations": 1000, "real_fraction": 0.1},
            Budget(),
            "every generation costs all K",
        ),
    ],
)
def test_budget_messages(kwargs, budget, message):
    cfg = CategoricalConfig(seed=0, **kwargs)
    with pytest.raises(WorkBudgetError, match=message):
        cat_budget.check(cfg, budget)


def test_sparse_budget_grows_with_min_k_m_not_k():
    small_m = CategoricalConfig(categories=50_000, sample_size=100, generations=1000, replicates=100)
    dense = CategoricalConfig(
        categories=50_000, sample_size=100, generations=1000, replicates=100, smoothing=1.0
    )
    assert cat_budget.predict(small_m).cpu_seconds < cat_budget.predict(dense).cpu_seconds / 20


@pytest.mark.parametrize("truth", ["zipf", "uniform", "english"])
def test_truths_are_rank_ordered_distributions(truth):
    p = truth_probabilities(CategoricalConfig(truth=truth, categories=3000, zipf_exponent=1.3))
    assert p.shape == (3000,) and np.all(p > 0) and abs(p.sum() - 1) < 1e-12
    assert np.all(np.diff(p) <= 0)
    assert not p.flags.writeable


def test_zipf_exponent_zero_is_uniform():
    a = truth_probabilities(CategoricalConfig(truth="zipf", zipf_exponent=0.0, categories=7))
    np.testing.assert_allclose(a, 1 / 7)


def test_english_list_loads_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    truth_mod._english_table.cache_clear()
    truth_mod._truth.cache_clear()
    words = truth_mod.english_words(50_000)
    cfg = CategoricalConfig(truth="english", categories=50_000)
    p = truth_probabilities(cfg)
    assert len(words) == 50_000 and len(set(words)) == 50_000
    assert words[:3] == ("the", "to", "and")
    assert p.size == 50_000 and np.all(p > 0)
    assert truth_mod.category_labels(CategoricalConfig(truth="english", categories=5)) == words[:5]
    assert truth_mod.category_labels(CategoricalConfig(categories=3)) == ("rank 1", "rank 2", "rank 3")
