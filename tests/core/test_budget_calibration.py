"""The budget is calibrated by measurement (issue 16): each family's cost model predicts the
peak memory a run allocates within 2x of tracemalloc's measure, the memory ceiling refuses a
run predicted over it, and refusals name the quantity and what to change. CPU predictions are
not asserted here (tests never assert times); bench/budget_calibration.py prints their ratios."""

from __future__ import annotations

import dataclasses

import pytest

from bench.budget_calibration import measured_peak
from collapse_core import BATCH, INTERACTIVE, WorkBudgetError, families, simulate
from collapse_core.budget import Budget, Cost, check_cost, predict
from collapse_core.gaussian.config import GaussianConfig

# Small configs (a fraction of a second each) whose peak is well above the fixed overhead, so
# the model's size terms are what is tested: (family, engine, overrides).
SMALL = [
    ("gaussian", "exact", {"replicates": 500, "generations": 1000}),
    ("gaussian", "exact", {"replicates": 1000, "generations": 500, "regime": "accumulate"}),
    ("gaussian", "monte-carlo", {"replicates": 100, "generations": 100, "regime": "accumulate-subsample"}),
    ("categorical", "exact", {"replicates": 100, "generations": 50, "categories": 20_000}),
    (
        "categorical",
        "exact",
        {"replicates": 100, "generations": 30, "categories": 5000, "regime": "accumulate-subsample"},
    ),
    ("text", "monte-carlo", {"replicates": 5, "generations": 10}),
    ("multivariate", "exact", {"replicates": 1000, "generations": 50, "dimension": 3}),
    (
        "multivariate",
        "monte-carlo",
        {"replicates": 50, "generations": 50, "dimension": 3, "regime": "accumulate-subsample"},
    ),
    ("mixture", "em", {"replicates": 50, "generations": 20, "sample_size": 100, "regime": "accumulate"}),
    ("digits", "monte-carlo", {"replicates": 2, "generations": 3, "sample_size": 500}),
    ("kde", "monte-carlo", {"replicates": 50, "generations": 50, "regime": "accumulate-subsample"}),
    ("regression", "monte-carlo", {"replicates": 50, "generations": 50, "regime": "accumulate-subsample"}),
]

# The Gaussian link issue 16 found: admitted by the old cell-count budget (predicted ~1 s), it
# cost 15.9 CPU-seconds and 560 MB on the server.
HEAVY_LINK = GaussianConfig(
    sample_size=20,
    generations=5000,
    replicates=1000,
    regime="accumulate-subsample",
    real_fraction=0.5,
    seed=1,
)


def _config(name, overrides):
    return families.all_families()[name].default_config(seed=1, **overrides)


@pytest.mark.parametrize(
    ("name", "engine", "overrides"), SMALL, ids=lambda v: v if isinstance(v, str) else None
)
def test_peak_prediction_within_2x(name, engine, overrides):
    cfg = _config(name, overrides)
    simulate(cfg, engine=engine, budget=BATCH)  # warm: corpus, digit data and caches load outside the measure
    measured = measured_peak(cfg, engine)
    predicted = predict(cfg, engine).peak_bytes
    assert 0.5 <= predicted / measured <= 2, (
        f"predicted {predicted / 1e6:.1f} MB, measured {measured / 1e6:.1f} MB"
    )


def test_every_family_predicts_a_cost_and_admits_its_defaults():
    for name, fam in families.all_families().items():
        cfg = fam.default_config(seed=1)
        engine = fam.choose_engine(cfg, "auto")[0]
        cost = fam.cost(cfg, engine)
        assert cost.cpu_seconds > 0 and cost.peak_bytes > 0, name
        assert cost.cpu_seconds <= INTERACTIVE.cpu_seconds and cost.peak_bytes <= INTERACTIVE.peak_bytes, name
        fam.check_budget(cfg, engine=engine, budget=INTERACTIVE)


def test_the_heavy_gaussian_link_is_refused_interactively_naming_cpu():
    cost = predict(HEAVY_LINK, "monte-carlo")
    assert cost.cpu_seconds > INTERACTIVE.cpu_seconds  # it measured 8-16 CPU-seconds here
    with pytest.raises(WorkBudgetError, match=r"CPU-seconds.*use fewer replicates, a smaller sample size"):
        families.of(HEAVY_LINK).check_budget(HEAVY_LINK, engine="monte-carlo", budget=INTERACTIVE)
    families.of(HEAVY_LINK).check_budget(HEAVY_LINK, engine="monte-carlo", budget=BATCH)


@pytest.mark.slow
def test_the_heavy_gaussian_link_peak_is_predicted_within_2x():
    # Its peak is one block's pool of every point (blocks run one after another), so one block
    # of 256 replicates has the same peak at a quarter of the time.
    one_block = dataclasses.replace(HEAVY_LINK, replicates=256)
    measured = measured_peak(one_block, "monte-carlo")
    assert 0.5 <= predict(one_block, "monte-carlo").peak_bytes / measured <= 2
    assert predict(HEAVY_LINK, "monte-carlo").peak_bytes / measured <= 2


@pytest.mark.parametrize(
    ("name", "overrides", "reduce"),
    [
        (
            "categorical",
            {"replicates": 500, "categories": 1_000_000, "generations": 2},
            "fewer replicates or categories",
        ),
        (
            "gaussian",
            {"replicates": 256, "sample_size": 1000, "generations": 300, "regime": "accumulate-subsample"},
            "a smaller sample size",
        ),
        ("multivariate", {"replicates": 100_000, "dimension": 50, "generations": 2}, "a smaller dimension"),
        (
            "regression",
            {
                "replicates": 256,
                "sample_size": 2000,
                "generations": 100,
                "dimension": 20,
                "regime": "accumulate-subsample",
            },
            "a smaller sample size",
        ),
    ],
)
def test_a_run_over_the_memory_ceiling_is_refused_naming_memory(name, overrides, reduce):
    cfg = _config(name, overrides)
    fam = families.of(cfg)
    engine = fam.choose_engine(cfg, "auto")[0]
    assert predict(cfg, engine).peak_bytes > INTERACTIVE.peak_bytes
    with pytest.raises(
        WorkBudgetError,
        match=rf"[MG]B of memory at its peak, over the interactive memory ceiling "
        rf"of 400 MB per run; use .*{reduce}",
    ):
        fam.check_budget(cfg, engine=engine, budget=INTERACTIVE)


@pytest.mark.parametrize("name", sorted(families.names()))
def test_a_run_over_the_cpu_budget_is_refused_naming_cpu_and_what_to_change(name):
    fam = families.all_families()[name]
    cfg = fam.default_config(seed=1)
    engine = fam.choose_engine(cfg, "auto")[0]
    tiny = Budget(name="tiny", cpu_seconds=predict(cfg, engine).cpu_seconds / 2, peak_bytes=1e12)
    with pytest.raises(WorkBudgetError, match=r"CPU-seconds.*over the tiny budget.*; use .*fewer"):
        fam.check_budget(cfg, engine=engine, budget=tiny)


def test_check_cost_states_memory_before_time():
    with pytest.raises(WorkBudgetError, match="memory ceiling of 1 MB per run; use less"):
        check_cost(
            Cost(10.0, 2e6), Budget(name="b", cpu_seconds=1, peak_bytes=1e6), cpu_hint="x", memory_hint="less"
        )
    check_cost(Cost(1.0, 1e6), Budget(name="b", cpu_seconds=1, peak_bytes=1e6), cpu_hint="x", memory_hint="y")


def test_batch_is_larger_than_interactive():
    assert BATCH.cpu_seconds > INTERACTIVE.cpu_seconds and BATCH.peak_bytes > INTERACTIVE.peak_bytes
