"""The vocabulary chain on a user's labels against the same computation done by hand: the truth
is the data's label frequencies, so generation 1 (M labels resampled with replacement) keeps
label k with probability 1 - (1 - p_k)^M and its expected alive count is the sum of those.
Tolerance: the mean over R chains within Z = 4.5 standard errors estimated from the chains."""

from __future__ import annotations

import numpy as np
import pytest

from collapse_core import CategoricalConfig, simulate
from collapse_core.categorical import category_labels, truth_probabilities
from collapse_core.userdata import store
from collapse_core.userdata.parse import DataError
from collapse_core.userdata.vocabulary import load_vocabulary

WORDS = "the cat sat on the mat the dog sat on the log a cat and a dog and a rat".split()
R, M = 4000, 8
Z = 4.5


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    return tmp_path


def test_generation_one_keeps_each_label_at_the_bootstrap_rate(data_dir):
    h = store.put_values(load_vocabulary(" ".join(WORDS)).columns, "words")
    cfg = CategoricalConfig(sample_size=M, generations=2, replicates=R, seed=3, data=h, categories=1000)
    labels, counts = np.unique(WORDS, return_counts=True)
    assert cfg.categories == labels.size  # the data's labels are the categories
    by_hand = dict(zip(labels.tolist(), (counts / counts.sum()).tolist(), strict=True))
    got = dict(zip(category_labels(cfg), truth_probabilities(cfg).tolist(), strict=True))
    assert got == pytest.approx(by_hand, rel=1e-12)
    res = simulate(cfg)
    assert res.engine == "exact" and "your data's label frequencies are the truth" in res.engine_reason
    alive = res.metric("surviving")[:, 1]
    p = counts / counts.sum()
    expected = float(np.sum(1 - (1 - p) ** M))
    assert abs(alive.mean() - expected) < Z * alive.std(ddof=1) / np.sqrt(R)
    # A uniform truth over the same labels would keep more of them: the test tells them apart.
    uniform = labels.size * (1 - (1 - 1 / labels.size) ** M)
    assert abs(alive.mean() - uniform) > Z * alive.std(ddof=1) / np.sqrt(R)


def test_label_count_pairs_weigh_each_label(data_dir):
    loaded = load_vocabulary("word,count\nthe,6\ncat,3\nmat,1\nzero,0\n,4\n")
    assert loaded.notes == ("1 rows without a label or a count dropped",)
    h = store.put_values(loaded.columns, "words")
    cfg = CategoricalConfig(sample_size=5, generations=1, replicates=5, seed=1, data=h)
    assert category_labels(cfg) == ("the", "cat", "mat")  # a 0 count is no category
    np.testing.assert_allclose(truth_probabilities(cfg), [0.6, 0.3, 0.1])
    assert cfg.asdict()["data"] == h and "data" not in CategoricalConfig().asdict()


def test_bad_vocabularies_are_named():
    with pytest.raises(DataError, match="negative count"):
        load_vocabulary("word,count\na,1\nb,-2\n")
    with pytest.raises(DataError, match="one label only"):
        load_vocabulary("word\na\na\n")
