"""The lead-time table on hand-made arrays: monotone, flat, crossing at known generations, NaN."""

from __future__ import annotations

import json

import numpy as np
import pytest

from collapse_core import cli, families
from collapse_core import lead_times as lt


def _table(medians: dict, harm: dict, threshold: float = 0.1) -> dict:
    return {r.metric: r for r in lt.from_medians(medians, harm, threshold).rows}


def test_monotone_decline_crosses_where_expected():
    # 1.0 at generation 1, then -4% a generation: -12% first at generation 4.
    med = np.array([1.0, 1.0, 0.96, 0.92, 0.88, 0.84])
    row = _table({"v": med}, {"v": lt.down()})["v"]
    assert row.generation == 4
    assert row.reference == 1.0
    assert row.move == pytest.approx(0.16)


def test_move_in_the_harmless_direction_never_counts():
    med = np.array([1.0, 1.0, 1.5, 2.0, 3.0])
    rows = _table({"a": med, "b": med, "c": med}, {"a": lt.down(), "b": lt.up(), "c": lt.either()})
    assert rows["a"].generation is None
    assert rows["b"].generation == 2
    assert rows["c"].generation == 2


def test_flat_metric_never_moves():
    rows = _table({"flat": np.full(30, 0.7)}, {"flat": lt.either()})
    assert rows["flat"].generation is None
    assert rows["flat"].move == 0.0


def test_reference_is_generation_one_not_the_truth():
    # Generation 0 (the truth) is far away; only moves against generation 1 count.
    med = np.array([5.0, 1.0, 1.05, 1.2])
    assert _table({"m": med}, {"m": lt.up()})["m"].generation == 3


def test_threshold_is_strict_and_changes_the_answer():
    med = np.array([2.0, 2.0, 1.8, 1.5, 1.0])  # moves of 10%, 25%, 50%
    assert _table({"m": med}, {"m": lt.down()}, 0.1)["m"].generation == 3
    assert _table({"m": med}, {"m": lt.down()}, 0.3)["m"].generation == 4
    assert _table({"m": med}, {"m": lt.down()}, 0.6)["m"].generation is None


def test_negative_reference_uses_its_size():
    # A quantity below zero that falls further: -1 -> -1.2 is a 20% move down.
    med = np.array([0.0, -1.0, -1.05, -1.2])
    assert _table({"q": med}, {"q": lt.down()})["q"].generation == 3


def test_zero_reference_counts_any_harmful_move():
    med = np.array([0.0, 0.0, 0.0, 1.0, 2.0])
    rows = _table({"lost": med, "kept": med}, {"lost": lt.up(), "kept": lt.down()})
    assert rows["lost"].generation == 3
    assert rows["kept"].generation is None


def test_nan_generations_are_skipped_and_nan_reference_moves_on():
    med = np.array([1.0, np.nan, 1.0, np.nan, 0.85, 0.8])
    row = _table({"m": med}, {"m": lt.down()})["m"]
    assert row.reference == 1.0
    assert row.generation == 4


def test_all_nan_metric_has_no_lead_time():
    row = _table({"m": np.full(6, np.nan)}, {"m": lt.down()})["m"]
    assert row.generation is None
    assert np.isnan(row.reference) and np.isnan(row.move)


def test_medians_ignore_nan_replicates():
    # Replicate 2 is NaN everywhere; generation 3's median of the others is 0.5.
    arr = np.array([[1.0, 1.0, 1.0, 0.5], [1.0, 1.0, 1.0, 0.5], [np.nan] * 4])
    row = lt.from_arrays({"m": arr}, {"m": lt.down()}).rows[0]
    assert row.generation == 3


def test_table_order_and_headline_count_generations():
    medians = {
        "avg": np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.8]),  # generation 5
        "dist": np.array([0.0, 0.1, 0.5, 0.6, 0.7, 0.8]),  # generation 2, left out of the headline
        "tail": np.array([1.0, 1.0, 0.95, 0.7, 0.5, 0.4]),  # generation 3
        "never": np.ones(6),
    }
    harm = {
        "avg": lt.down(),
        "dist": lt.up("distance"),
        "tail": lt.down("tail"),
        "never": lt.down("minority"),
    }
    table = lt.from_medians(medians, harm)
    assert [r.metric for r in table.rows] == ["dist", "tail", "avg", "never"]
    assert table.lead == 2
    assert table.headline().startswith("The tails moved 2 generations before the average")


@pytest.mark.parametrize(
    ("tail", "avg", "start"),
    [
        (np.ones(5), np.ones(5), "No measurement moved"),
        (np.ones(5), np.array([1, 1, 2, 2, 2.0]), "The average (avg) moved first"),
        (np.array([1, 1, 2, 2, 2.0]), np.ones(5), "The tails (tail) moved at generation 2"),
        (
            np.array([1, 1, 2, 2, 2.0]),
            np.array([1, 1, 2, 2, 2.0]),
            "The tails and the average moved together",
        ),
        (np.array([1, 1, 1, 1, 2.0]), np.array([1, 1, 2, 2, 2.0]), "The average moved 2 generations before"),
    ],
)
def test_headline_words_for_every_case(tail, avg, start):
    table = lt.from_medians({"tail": tail, "avg": avg}, {"tail": lt.up("tail"), "avg": lt.up()})
    assert table.headline().startswith(start)


def test_undeclared_metrics_are_not_ranked():
    table = lt.from_medians({"a": np.ones(3), "b": np.ones(3)}, {"a": lt.up()})
    assert [r.metric for r in table.rows] == ["a"]


@pytest.mark.parametrize("bad", ["abc", None, float("nan"), float("inf"), -0.1, 0.0, 11.0])
def test_bad_threshold_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="threshold"):
        lt.check_threshold(bad)


def test_bad_harm_declaration_is_refused():
    with pytest.raises(ValueError, match="direction"):
        lt.Harm("sideways")
    with pytest.raises(ValueError, match="group"):
        lt.Harm("up", "loud")


@pytest.mark.parametrize("name", families.names())
def test_every_declared_harm_names_a_metric_of_the_family(name):
    fam = families.get(name)
    assert fam.harm, f"{name} declares no direction of harm"
    assert set(fam.harm) <= set(fam.metrics), set(fam.harm) - set(fam.metrics)
    assert all(isinstance(h, lt.Harm) for h in fam.harm.values())


def test_cli_prints_the_table(capsys):
    argv = ["simulate", "--family", "gaussian", "--sample-size", "20", "--generations", "30"]
    assert cli.main([*argv, "--replicates", "200", "--seed", "3", "--lead-times"]) == 0
    out = capsys.readouterr().out
    assert "variance_ratio" in out and "tail_mass_4sigma" in out
    assert out.splitlines()[0].startswith("The tails moved")


def test_cli_json_table_matches_the_core(capsys):
    argv = [
        "simulate",
        "--family",
        "gaussian",
        "--sample-size",
        "20",
        "--generations",
        "30",
        "--replicates",
        "50",
    ]
    assert cli.main([*argv, "--seed", "3", "--lead-times", "0.25", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    from collapse_core import GaussianConfig, simulate

    res = simulate(GaussianConfig(sample_size=20, generations=30, replicates=50, seed=3))
    assert doc == json.loads(json.dumps(lt.lead_times(res, 0.25).asdict()))
    assert doc["threshold"] == 0.25


@pytest.mark.parametrize("bad", ["0", "-1", "nan", "1e9"])
def test_cli_bad_threshold_is_one_line_exit_2(capsys, bad):
    assert cli.main(["simulate", "--generations", "3", f"--lead-times={bad}"]) == 2
    err = capsys.readouterr().err
    assert "threshold" in err and len(err.strip().splitlines()) == 1
