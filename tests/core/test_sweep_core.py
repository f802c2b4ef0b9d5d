"""Sweep core (serial, no Dask): spec validation, value parsing, per-cell seeds, cells equal to
single simulate() calls, tidy table shape, order independence, Parquet/CSV/provenance files."""

import json
import math

import numpy as np
import pytest

from collapse_core import CategoricalConfig, GaussianConfig, families, simulate
from collapse_core.budget import BATCH
from collapse_core.sweep import Axis, SweepSpec, cell_seeds, parse_values
from collapse_core.sweep.io import read_table
from collapse_core.sweep.runner import cell_rows, interval, iter_cells, resolve_scheduler, run_sweep
from collapse_core.sweep.spec import replicate_generations

GAUSS = families.get("gaussian")


def small_spec(**kw):
    args = dict(
        family="gaussian",
        base={"generations": 30, "replicates": 40},
        axes=(Axis("sample_size", (5, 20, 80)), Axis("real_fraction", (0.0, 0.25))),
        metrics=(("variance_ratio", "median"), ("kl_divergence", "mean")),
        read=(10, 30),
        root_seed=7,
    )
    args.update(kw)
    return SweepSpec(**args)


def test_cell_seeds_follow_seedsequence_spawn():
    seeds = cell_seeds(123, 5)
    ref = [int(c.generate_state(1, np.uint64)[0]) >> 1 for c in np.random.SeedSequence(123).spawn(5)]
    assert seeds == ref and len(set(seeds)) == 5 and all(0 <= s < 2**63 for s in seeds)
    # A longer sweep from the same root keeps the first cells' seeds (spawn is prefix-stable).
    assert cell_seeds(123, 9)[:5] == seeds
    assert cell_seeds(124, 5) != seeds


def test_cells_equal_single_simulate_calls():
    spec = small_spec()
    res = run_sweep(spec, scheduler="serial")
    t = res.table
    assert len(t) == spec.n_cells * 2 * 2 and res.cells_done == 6 and not res.interrupted
    seeds = spec.seeds()
    for i, (m, r) in enumerate([(m, r) for m in (5, 20, 80) for r in (0.0, 0.25)]):
        single = simulate(
            GaussianConfig(sample_size=m, real_fraction=r, generations=30, replicates=40, seed=seeds[i]),
            budget=BATCH,
        )
        summ = single.summary(("variance_ratio", "kl_divergence"))
        rows = t[t["cell"] == i]
        assert (rows["sample_size"] == m).all() and (rows["real_fraction"] == r).all()
        assert (rows["seed"] == seeds[i]).all()
        for metric, stat in spec.metrics:
            for g in (10, 30):
                v = rows[(rows["metric"] == metric) & (rows["generation"] == g)]["value"].item()
                assert v == summ[metric][stat][g]  # exactly: same derived seed, same engine


def test_order_and_subset_do_not_change_cells():
    spec = small_spec()
    full = {i: rows for i, rows in iter_cells(spec, scheduler="serial")}
    some = dict(iter_cells(spec, scheduler="serial", indices=[5, 2, 0]))
    assert list(some) == [5, 2, 0]
    for i in some:
        assert some[i] == full[i]


def test_three_axes_and_read_all_and_categorical():
    spec = SweepSpec(
        family="categorical",
        base={"categories": 30, "generations": 5, "replicates": 10},
        axes=(
            Axis("sample_size", (20, 40)),
            Axis("smoothing", (0.0, 0.5)),
            Axis("zipf_exponent", (0.5, 1.0)),
        ),
        metrics=(("surviving", "q05"),),
        read="all",
        root_seed=1,
    )
    res = run_sweep(spec, scheduler="serial")
    t = res.table
    assert spec.n_cells == 8 and len(t) == 8 * 6
    assert list(t.columns[:4]) == ["cell", "sample_size", "smoothing", "zipf_exponent"]
    cell3 = spec.cell(3)
    single = simulate(CategoricalConfig(**{**spec.base, **cell3.values, "seed": cell3.seed}), budget=BATCH)
    expect = single.summary(("surviving",))["surviving"]["q05"]
    np.testing.assert_array_equal(t[t["cell"] == 3]["value"].to_numpy(), expect)
    assert replicate_generations(spec) == 8 * 10 * 6


def test_intervals_bracket_the_statistic():
    gen = np.random.default_rng(0)
    x = gen.normal(size=(400, 3))
    for stat, fn in (
        ("mean", lambda a: a.mean(0)),
        ("median", lambda a: np.median(a, 0)),
        ("q05", lambda a: np.quantile(a, 0.05, 0)),
        ("q95", lambda a: np.quantile(a, 0.95, 0)),
    ):
        lo, hi = interval(x, stat)
        assert np.all(lo <= fn(x)) and np.all(fn(x) <= hi) and np.all(hi - lo < 1.0)
    lo, hi = interval(x[:1], "mean")
    assert np.isnan(lo).all()
    # The mean's interval is mean +- 1.96 standard errors.
    lo, hi = interval(x, "mean")
    np.testing.assert_allclose((hi - lo) / 2, 1.959963984540054 * x.std(0, ddof=1) / 20)


def test_parse_values():
    assert parse_values(GAUSS, "real_fraction", "0:0.5:11") == tuple(
        float(v) for v in np.linspace(0, 0.5, 11)
    )
    assert parse_values(GAUSS, "sample_size", "10,30,100") == (10, 30, 100)
    assert parse_values(GAUSS, "sample_size", "10:1000:3:log") == (10, 100, 1000)
    assert parse_values(GAUSS, "sample_size", "10:20:3") == (10, 15, 20)
    assert parse_values(GAUSS, "regime", "replace,accumulate") == ("replace", "accumulate")
    for text, msg in (
        ("a,b", "'a' is not an integer"),
        ("10:11:5", "values repeat"),
        ("1:2", "a range is start:stop:count"),
        ("0:10:3:log", "log range needs positive"),
        ("10:20:0", "count must be"),
    ):
        with pytest.raises(ValueError, match=msg):
            parse_values(GAUSS, "sample_size", text)
    with pytest.raises(ValueError, match="family gaussian has no setting 'truth'"):
        parse_values(GAUSS, "truth", "zipf")
    with pytest.raises(ValueError, match="numeric setting"):
        parse_values(GAUSS, "regime", "1:2:3")


@pytest.mark.parametrize(
    ("kw", "msg"),
    [
        ({"axes": ()}, "varies 1 to 3 settings"),
        (
            {"axes": tuple(Axis(f, (1,)) for f in ("sample_size", "generations", "replicates", "mu0"))},
            "varies 1 to 3",
        ),
        ({"axes": (Axis("sample_size", (5,)), Axis("sample_size", (6,)))}, "'sample_size' is varied twice"),
        ({"axes": (Axis("bogus", (5,)),)}, "family gaussian has no setting 'bogus'"),
        ({"axes": (Axis("seed", (5,)),)}, "seed cannot be swept"),
        ({"base": {"seed": 3}}, "seed cannot be swept or set"),
        ({"metrics": (("surviving", "median"),)}, "family gaussian has no metric 'surviving'"),
        ({"metrics": (("variance_ratio", "mode"),)}, "statistic must be one of"),
        ({"metrics": ()}, "at least one metric"),
        ({"read": "first"}, "last, all or integers"),
        ({"read": (-1,)}, "integers >= 0"),
        ({"root_seed": -1}, "seed must be an integer"),
        ({"engine": "warp"}, "engine must be one of"),
        ({"family": "nope"}, "unknown family 'nope'"),
    ],
)
def test_spec_validation(kw, msg):
    with pytest.raises(ValueError, match=msg):
        small_spec(**kw)


def test_cells_validated_before_any_work():
    spec = small_spec(axes=(Axis("sample_size", (5, 1)),))
    with pytest.raises(ValueError, match="cell sample_size=1: sample_size must be"):
        next(iter_cells(spec, scheduler="serial"))
    spec = small_spec(read=(31,))
    with pytest.raises(ValueError, match="generation 31 to read is beyond generations=30"):
        run_sweep(spec, scheduler="serial")


def test_spec_round_trips_and_command_line():
    spec = small_spec()
    assert SweepSpec.from_dict(json.loads(json.dumps(spec.asdict()))) == spec
    cmd = spec.command_line("x.parquet")
    assert cmd.startswith("python -m collapse_core sweep --family gaussian --generations 30 --replicates 40")
    assert "--vary sample_size=5,20,80 --vary real_fraction=0.0,0.25" in cmd
    assert "--metric variance_ratio:median --metric kl_divergence:mean --at-generation 10,30 --seed 7" in cmd


def test_scheduler_resolution(monkeypatch):
    monkeypatch.delenv("COLLAPSE_DASK_SCHEDULER", raising=False)
    assert resolve_scheduler(None) == "local"
    monkeypatch.setenv("COLLAPSE_DASK_SCHEDULER", "tcp://127.0.0.1:8786")
    assert resolve_scheduler(None) == "tcp://127.0.0.1:8786"
    assert resolve_scheduler("serial") == "serial"
    with pytest.raises(ValueError, match="serial, local or an address"):
        resolve_scheduler("nowhere")


def test_written_files_carry_table_and_provenance(tmp_path):
    spec = small_spec()
    res = run_sweep(spec, scheduler="serial")
    written = res.write(tmp_path / "s.parquet")
    assert [p.rsplit("/", 1)[1] for p in written] == ["s.parquet", "s.csv", "s.provenance.json"]
    for name in ("s.parquet", "s.csv"):
        df, prov = read_table(tmp_path / name)
        assert df["cell"].tolist() == res.table["cell"].tolist()
        assert df["metric"].tolist() == res.table["metric"].tolist()
        np.testing.assert_array_equal(df["value"].to_numpy(), res.table["value"].to_numpy())
        assert prov["sweep"] == spec.asdict() and prov["seed"] == 7 and prov["family"] == "gaussian"
        assert prov["cells_done"] == 6 and prov["interrupted"] is False and prov["bit_generator"] == "PCG64"
    with pytest.raises(ValueError, match=r"\.parquet or \.csv"):
        res.write(tmp_path / "s.txt")


def test_cell_rows_accepts_a_plain_dict():
    spec = small_spec()
    rows = cell_rows(spec.asdict(), 4)
    assert rows == cell_rows(spec, 4) and all(math.isfinite(r["value"]) for r in rows)


def test_interactive_budget_names_the_command_line():
    from collapse_core.budget import WorkBudgetError
    from collapse_core.sweep.spec import INTERACTIVE_CELLS, check_interactive

    check_interactive(small_spec())  # 6 small cells fit
    big = small_spec(base={"generations": 5000, "replicates": 1000}, read="last")
    with pytest.raises(
        WorkBudgetError,
        match=r"split over 6 cells.*python -m collapse_core sweep --family gaussian "
        r"--generations 5000 --replicates 1000",
    ):
        check_interactive(big)
    many = small_spec(axes=(Axis("sample_size", tuple(range(2, 2 + INTERACTIVE_CELLS + 1))),))
    with pytest.raises(WorkBudgetError, match=f"{INTERACTIVE_CELLS + 1} cells is more than"):
        check_interactive(many)
