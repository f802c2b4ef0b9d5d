"""The mixture family through the registry: config validation, budgets, the command line."""

import json
import subprocess
import sys

import pytest

from collapse_core import BATCH, INTERACTIVE, WorkBudgetError, families
from collapse_core.cli import main
from collapse_core.mixture import MixtureConfig
from collapse_core.mixture.budget import check, predict

ARGS = [
    "simulate",
    "--family",
    "mixture",
    "--sample-size",
    "50",
    "--generations",
    "4",
    "--replicates",
    "5",
    "--seed",
    "3",
]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"dimension": 3}, "dimension must be 1 or 2; got 3"),
        ({"dimension": True}, "dimension must be 1 or 2; got True"),
        ({"components": 1}, "components must be an integer from 2 to 8; got 1"),
        ({"components": 9}, "components must be an integer from 2 to 8; got 9"),
        ({"separation": 1.5}, "separation must lie in [2, 20]; got 1.5"),
        ({"separation": float("nan")}, "separation must be a finite number"),
        ({"em_max_iter": 0}, "em_max_iter must be an integer from 1 to 1,000"),
        ({"em_tol": 0.0}, "em_tol must lie in [1e-12, 1]"),
        ({"variance_floor": -1.0}, "variance_floor must lie in [1e-09, 1]"),
        ({"regime": "keep"}, "regime must be one of replace, accumulate, accumulate-subsample"),
    ],
)
def test_config_validation_names_the_field(kwargs, fragment):
    with pytest.raises(ValueError) as info:
        MixtureConfig(**kwargs)
    assert fragment in str(info.value)


def test_registry_and_asdict():
    fam = families.get("mixture")
    cfg = MixtureConfig(seed=1)
    assert families.of(cfg) is fam and cfg.asdict()["family"] == "mixture"
    assert set(fam.config_fields()) >= {
        "dimension",
        "components",
        "separation",
        "em_max_iter",
        "em_tol",
        "variance_floor",
    }
    # `data` is set by simulate's own --data FILE group (collapse_core.userdata.cli_data).
    assert {o.dest for o in fam.options} == set(fam.config_fields()) - set(
        MixtureConfig.__mro__[1].__dataclass_fields__
    ) - {"data"}


def test_budget_refuses_interactively_what_takes_seconds():
    big = MixtureConfig(sample_size=5000, generations=100, replicates=200, components=3)
    assert predict(big).cpu_seconds > 5
    with pytest.raises(
        WorkBudgetError,
        match=r"CPU-seconds \(EM: .* over the interactive budget of 3 CPU-seconds; "
        r"use fewer",
    ):
        check(big, engine="em", budget=INTERACTIVE)
    check(big, engine="em", budget=BATCH)
    acc = MixtureConfig(sample_size=200, generations=300, replicates=50, regime="accumulate")
    with pytest.raises(WorkBudgetError, match="generations squared"):
        check(acc, engine="em", budget=INTERACTIVE)
    with pytest.raises(WorkBudgetError, match=r"of memory at its peak.*regime 'replace'"):
        check(
            MixtureConfig(sample_size=100_000, generations=1000, replicates=300, regime="accumulate"),
            engine="em",
            budget=BATCH,
        )
    check(MixtureConfig(), engine="em", budget=INTERACTIVE)  # the defaults run interactively


def test_json_shape(capsys):
    assert main([*ARGS, "--dimension", "2", "--components", "4", "--separation", "5"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {
        "config",
        "seed",
        "engine",
        "engine_reason",
        "generations",
        "summary",
        "theory",
        "provenance",
    }
    assert doc["config"]["family"] == "mixture" and doc["config"]["components"] == 4
    assert doc["engine"] == "em" and doc["provenance"]["seed"] == 3
    for name in (
        "min_weight",
        "effective_modes",
        "modes_alive",
        "modes_lost",
        "truth_coverage",
        "kl_upper_bound",
        "w2_moment_matched",
        "tail_mass_3sigma",
        "variance_ratio",
        "em_iterations",
    ):
        assert set(doc["summary"][name]) == {"mean", "median", "q05", "q95"}
        assert len(doc["summary"][name]["mean"]) == 5
    assert doc["summary"]["modes_alive"]["mean"][0] == 4
    assert doc["theory"]["truth_effective_modes"] == 4.0


def test_presets_run_from_the_command_line(capsys):
    assert (
        main(
            [
                "simulate",
                "--preset",
                "gmm-accumulate",
                "--side",
                "compare",
                "--generations",
                "3",
                "--replicates",
                "3",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["config"]["regime"] == "replace" and doc["config"]["family"] == "mixture"


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--dimension", "3"], "dimension must be 1 or 2; got 3"),
        (["--components", "12"], "components must be an integer from 2 to 8; got 12"),
        (["--separation", "0.5"], "separation must lie in [2, 20]"),
        (["--engine", "exact"], "engine must be one of auto, em for the mixture family"),
        (["--truth", "zipf"], "--truth belongs to --family categorical"),
        (["--replicates", "100000", "--generations", "1000"], "result cells exceeds the budget"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(extra, fragment):
    proc = subprocess.run(
        [sys.executable, "-m", "collapse_core", *ARGS, *extra], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m collapse_core: error: ")
    assert fragment in lines[0]
    assert proc.stdout == ""
