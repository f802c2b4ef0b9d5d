"""A run cut into tasks of stream blocks, each run on its own and merged, equals the
single-process run bit for bit, for every family and engine (the split a heavy page run and
`simulate --scheduler` use)."""

from __future__ import annotations

import numpy as np
import pytest

from collapse_core import BATCH, blocks, families, simulate, streams

# Small stream blocks, so a few replicates make several tasks and an uneven last one (still
# larger than any snapshot of the first replicates, as a real block of 256 is).
BLOCK = 5
REPLICATES = 12  # blocks of 5, 5, 2
CASES = [
    ("gaussian", "exact", {"generations": 30}),
    ("gaussian", "monte-carlo", {"generations": 20, "regime": "accumulate-subsample", "real_fraction": 0.3}),
    ("categorical", "exact", {"generations": 20, "categories": 300}),
    ("categorical", "exact", {"generations": 15, "categories": 200, "regime": "accumulate-subsample"}),
    ("text", "monte-carlo", {"generations": 4}),
    ("multivariate", "exact", {"generations": 20, "dimension": 3}),
    ("multivariate", "monte-carlo", {"generations": 10, "dimension": 2, "regime": "accumulate"}),
    ("mixture", "em", {"generations": 10, "sample_size": 100}),
    ("digits", "monte-carlo", {"generations": 2, "sample_size": 300}),
    ("kde", "monte-carlo", {"generations": 15, "regime": "accumulate-subsample"}),
    ("regression", "monte-carlo", {"generations": 15, "real_fraction": 0.2}),
]


def _assert_same(split, whole) -> None:
    assert split.config == whole.config
    assert split.engine == whole.engine
    assert sorted(split.arrays) == sorted(whole.arrays)
    for key, value in whole.arrays.items():
        got = split.arrays[key]
        assert got.shape == value.shape, key
        assert got.dtype == value.dtype, key
        np.testing.assert_array_equal(got, value, err_msg=key)  # NaN equals NaN; no tolerance
    for name in whole.metric_names:
        np.testing.assert_array_equal(split.metric(name), whole.metric(name), err_msg=name)


def test_every_family_is_covered():
    assert {name for name, _, _ in CASES} == set(families.all_families())


@pytest.mark.parametrize(
    ("name", "engine", "overrides"), CASES, ids=lambda v: v if isinstance(v, str) else None
)
def test_split_run_equals_single_process_run(monkeypatch, name, engine, overrides):
    monkeypatch.setattr(streams, "STREAM_BLOCK", BLOCK)
    cfg = families.all_families()[name].default_config(seed=7, replicates=REPLICATES, **overrides)
    whole = simulate(cfg, engine=engine, budget=BATCH)
    p = blocks.plan(cfg, engine)
    assert [t.replicates for t in p.tasks] == [5, 5, 2]
    # Tasks run in reverse order: a task's draws depend on nothing another task did.
    parts = {t.index: blocks.run_task(p, t) for t in reversed(p.tasks)}
    _assert_same(blocks.merge(p, [parts[i] for i in range(len(p.tasks))]), whole)


def test_full_size_blocks_and_tasks_of_several_blocks():
    cfg = families.all_families()["gaussian"].default_config(seed=3, replicates=600, generations=50)
    whole = simulate(cfg, budget=BATCH)
    for per_task in (1, 2):
        p = blocks.plan(cfg, blocks_per_task=per_task)
        assert sum(t.replicates for t in p.tasks) == 600
        assert len(p.tasks) == (3 if per_task == 1 else 2)
        _assert_same(blocks.simulate_split(cfg, blocks_per_task=per_task), whole)


def test_a_split_run_with_a_different_seed_differs():
    # The check above could pass if every task drew the same streams: it must not.
    cfg = families.all_families()["gaussian"].default_config(seed=3, replicates=600, generations=20)
    res = blocks.simulate_split(cfg)
    v = res.metric("variance_ratio")
    assert not np.array_equal(v[:256], v[256:512])


def test_bad_task_size_is_refused():
    cfg = families.all_families()["gaussian"].default_config(seed=3)
    with pytest.raises(ValueError, match="blocks_per_task"):
        blocks.plan(cfg, blocks_per_task=0)
