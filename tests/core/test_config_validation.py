"""Every validation message names the field, the value and what is allowed."""

import pytest

from collapse_core import GaussianConfig, WorkBudgetError, budget, simulate
from collapse_core.gaussian import choose_engine

BAD = [
    ("sample_size", 1, "from 2 to 1,000,000,000"),
    ("sample_size", 10**9 + 1, "from 2 to 1,000,000,000"),
    ("sample_size", 10.0, "must be an integer"),
    ("sample_size", True, "must be an integer"),
    ("sample_size", "100", "must be an integer"),
    ("generations", 0, "from 1 to 100,000"),
    ("generations", 100_001, "from 1 to 100,000"),
    ("replicates", 0, "from 1 to 100,000"),
    ("replicates", None, "must be an integer"),
    ("seed", -1, "from 0 to"),
    ("seed", 2**63, "from 0 to"),
    ("seed", 1.5, "must be an integer"),
    ("regime", "keep", "must be one of replace, accumulate, accumulate-subsample"),
    ("real_fraction", -0.01, "must lie in [0, 1]"),
    ("real_fraction", 1.5, "must lie in [0, 1]"),
    ("real_fraction", float("nan"), "must be a finite number"),
    ("real_fraction", "0.1", "must be a number"),
    ("real_source", "stale", "must be one of fresh, fixed"),
    ("estimator", "ddof2", "must be one of mle, unbiased"),
    ("mu0", float("inf"), "must be a finite number"),
    ("mu0", 1e13, "must lie in"),
    ("sigma0", 0.0, "must lie in (0,"),
    ("sigma0", -1.0, "must lie in (0,"),
]


@pytest.mark.parametrize(("field", "value", "allowed"), BAD)
def test_invalid_value_names_field_value_and_range(field, value, allowed):
    with pytest.raises(ValueError) as info:
        GaussianConfig(**{field: value})
    msg = str(info.value)
    assert msg.startswith(field), msg
    assert allowed in msg, msg
    shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else repr(value)
    assert shown in msg, msg


def test_valid_config_is_hashable_and_round_trips_asdict():
    cfg = GaussianConfig(sample_size=50, seed=3, real_fraction=0.25)
    assert hash(cfg) == hash(GaussianConfig(sample_size=50, seed=3, real_fraction=0.25))
    d = cfg.asdict()
    assert d.pop("family") == "gaussian"
    assert GaussianConfig(**d) == cfg
    assert (cfg.n_real, cfg.n_syn) == (13, 37)  # 12.5 rounds half up


def test_unknown_engine_and_exact_on_subsample_are_refused():
    with pytest.raises(ValueError, match="engine must be one of auto, exact, monte-carlo; got 'fast'"):
        choose_engine(GaussianConfig(), "fast")
    with pytest.raises(ValueError, match="does not cover regime 'accumulate-subsample'"):
        choose_engine(GaussianConfig(regime="accumulate-subsample"), "exact")
    assert choose_engine(GaussianConfig(regime="accumulate-subsample"))[0] == "monte-carlo"
    assert choose_engine(GaussianConfig(regime="accumulate"))[0] == "exact"


def test_simulate_rejects_non_config():
    with pytest.raises(TypeError, match="no family handles a dict"):
        simulate({"sample_size": 10})


@pytest.mark.parametrize(
    ("cfg", "engine", "needle"),
    [
        (GaussianConfig(generations=100_000, replicates=1000), "exact", "result cells exceeds the budget"),
        (
            GaussianConfig(sample_size=10**6, generations=1000, replicates=10),
            "monte-carlo",
            "use the exact engine",
        ),
        (
            GaussianConfig(sample_size=10**5, generations=2000, replicates=1, regime="accumulate-subsample"),
            "monte-carlo",
            "use fewer replicates, a smaller sample size",
        ),
        (
            GaussianConfig(sample_size=10**4, generations=5000, replicates=1, regime="accumulate-subsample"),
            "monte-carlo",
            "accumulate-subsample keeps every point",
        ),
    ],
)
def test_work_budget_refuses_with_a_suggestion(cfg, engine, needle):
    with pytest.raises(WorkBudgetError, match=needle):
        simulate(cfg, engine=engine)


def test_batch_budget_is_larger_than_interactive():
    cfg = GaussianConfig(sample_size=10**6, generations=1000, replicates=10)
    with pytest.raises(WorkBudgetError):
        budget.check(cfg, "monte-carlo", budget.INTERACTIVE)
    budget.check(cfg, "monte-carlo", budget.BATCH)  # no exception


def test_missing_seed_is_drawn_and_recorded():
    res = simulate(GaussianConfig(generations=3, replicates=4))
    assert isinstance(res.seed, int)
    again = simulate(res.config)
    assert (again.arrays["log_variance"] == res.arrays["log_variance"]).all()
