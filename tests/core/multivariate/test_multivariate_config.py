"""Multivariate config validation, the truth, budgets, engine choice and the command line."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from collapse_core import BATCH, WorkBudgetError, simulate
from collapse_core.cli import main
from collapse_core.multivariate import METRICS, MultivariateConfig, choose_engine
from collapse_core.multivariate.truth import truth


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dimension": 1}, "dimension must be an integer from 2 to 50; got 1"),
        ({"dimension": 51, "sample_size": 100}, "dimension must be an integer from 2 to 50; got 51"),
        ({"dimension": 3.0}, "dimension must be an integer from 2 to 50; got 3.0 (float)"),
        (
            {"dimension": 10, "sample_size": 10},
            "sample_size must exceed dimension (M > d) so the fitted "
            "covariance stays full rank; got sample_size 10 with dimension 10",
        ),
        ({"estimator": "ddof2"}, "estimator must be one of mle, unbiased; got 'ddof2'"),
        ({"condition_number": 0.5}, "condition_number must lie in [1, 1e+06]; got 0.5"),
        ({"condition_number": float("inf")}, "condition_number must be a finite number"),
        ({"rotation": 400}, "rotation must lie in [-360, 360]; got 400"),
        ({"rotation": "30"}, "rotation must be a number; got '30' (str)"),
        ({"real_fraction": -0.1}, "real_fraction must lie in [0, 1]; got -0.1"),
    ],
)
def test_validation_names_field_value_and_allowed(kwargs, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        MultivariateConfig(**kwargs)


def test_smallest_sample_size_is_one_more_than_the_dimension():
    cfg = MultivariateConfig(dimension=7, sample_size=8, generations=3, replicates=3, seed=1)
    res = simulate(cfg)
    assert np.all(np.isfinite(res.metric("logdet_ratio")))


def test_config_is_hashable_and_records_family():
    a, b = MultivariateConfig(seed=1), MultivariateConfig(seed=1)
    assert hash(a) == hash(b) and a == b
    d = a.asdict()
    assert d["family"] == "multivariate" and d["dimension"] == 2 and d["estimator"] == "mle"


def test_truth_spectrum_and_rotation():
    cfg = MultivariateConfig(dimension=2, condition_number=9.0, rotation=30.0)
    tr = truth(cfg)
    eig, vec = np.linalg.eigh(tr.cov)
    np.testing.assert_allclose(eig, [1 / 3, 3], rtol=1e-12)
    # The long axis is turned by 30 degrees from the first coordinate axis.
    angle = np.degrees(np.arctan2(vec[1, 1], vec[0, 1])) % 180
    assert abs(angle - 30) < 1e-9
    np.testing.assert_allclose(tr.l0 @ tr.l0.T, tr.cov, atol=1e-14)
    iso = truth(MultivariateConfig(dimension=5, rotation=70.0))
    assert iso.isotropic and np.allclose(iso.cov, np.eye(5))
    big = truth(MultivariateConfig(dimension=20, sample_size=100, condition_number=1e4, rotation=10))
    assert abs(np.linalg.slogdet(big.cov)[1]) < 1e-9 and abs(np.linalg.cond(big.cov) / 1e4 - 1) < 1e-8


def test_engine_choice():
    assert choose_engine(MultivariateConfig())[0] == "exact"
    assert choose_engine(MultivariateConfig(regime="accumulate-subsample"))[0] == "monte-carlo"
    with pytest.raises(ValueError, match="engine 'exact' does not cover regime 'accumulate-subsample'"):
        choose_engine(MultivariateConfig(regime="accumulate-subsample"), "exact")


@pytest.mark.parametrize(
    ("kwargs", "engine", "fragment"),
    [
        (
            {"dimension": 50, "sample_size": 100, "replicates": 1000, "generations": 1000},
            "exact",
            "use fewer replicates, fewer generations or a smaller dimension",
        ),
        (
            {"dimension": 50, "sample_size": 100, "replicates": 10_000, "generations": 1},
            "exact",
            "of memory at its peak",
        ),
        (
            {"sample_size": 10**6, "replicates": 200, "generations": 200},
            "monte-carlo",
            "use the exact engine",
        ),
        (
            {
                "regime": "accumulate-subsample",
                "sample_size": 1000,
                "generations": 300,
                "replicates": 100,
                "dimension": 2,
            },
            "monte-carlo",
            "accumulate-subsample keeps every point",
        ),
    ],
)
def test_budget_refuses_with_a_suggestion(kwargs, engine, fragment):
    with pytest.raises(WorkBudgetError, match=re.escape(fragment)):
        simulate(MultivariateConfig(seed=1, **kwargs), engine=engine)


def test_presets_fit_the_interactive_budget():
    from collapse_core.multivariate.budget import check
    from collapse_core.multivariate.presets import PRESETS

    for p in PRESETS:
        for cfg in (p.config, p.compare):
            if cfg is not None:
                check(cfg, engine=choose_engine(cfg)[0], budget=__import__("collapse_core").INTERACTIVE)
    assert BATCH.cpu_seconds > __import__("collapse_core").INTERACTIVE.cpu_seconds


ARGS = [
    "simulate",
    "--family",
    "multivariate",
    "--dimension",
    "3",
    "--sample-size",
    "10",
    "--generations",
    "6",
    "--replicates",
    "20",
    "--seed",
    "3",
]


def test_cli_json_shape(capsys):
    assert main([*ARGS, "--condition-number", "5", "--rotation", "15", "--estimator", "unbiased"]) == 0
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
    assert doc["config"]["family"] == "multivariate" and doc["config"]["condition_number"] == 5.0
    assert doc["provenance"]["config"] == doc["config"] and doc["engine"] == "exact"
    assert set(doc["summary"]) == set(METRICS)
    for stats in doc["summary"].values():
        assert set(stats) == {"mean", "median", "q05", "q95"} and len(stats["mean"]) == 7
    assert doc["summary"]["trace_ratio"]["median"][0] == pytest.approx(1.0, rel=1e-12)
    for key in ("expected_trace_ratio", "expected_logdet_ratio", "sd_logdet_ratio", "expected_kl_divergence"):
        assert len(doc["theory"][key]) == 7
    assert doc["theory"]["log_eig_min_rate"] < doc["theory"]["log_eig_max_rate"] < 0


def test_cli_preset_and_csv(capsys, tmp_path):
    out = tmp_path / "run.csv"
    argv = [
        "simulate",
        "--preset",
        "mvn-accumulate",
        "--generations",
        "5",
        "--replicates",
        "10",
        "--format",
        "csv",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    header = out.read_text().splitlines()[0].split(",")
    assert "logdet_ratio_median" in header and "theory_expected_trace_ratio" in header
    assert len(out.read_text().splitlines()) == 7


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--dimension", "1"], "dimension must be an integer from 2 to 50"),
        (["--dimension", "12"], "sample_size must exceed dimension (M > d)"),
        (["--condition-number", "nan"], "condition_number must be a finite number"),
        (["--estimator", "n-2"], "argument --estimator: invalid choice: 'n-2'"),
        (["--truth", "zipf"], "--truth belongs to --family categorical"),
        (["--mu0", "1"], "--mu0 belongs to --family gaussian"),
        (["--regime", "accumulate-subsample", "--engine", "exact"], "engine 'exact' does not cover"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(extra, fragment):
    proc = subprocess.run(
        [sys.executable, "-m", "collapse_core", *ARGS, *extra], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m collapse_core: error: ")
    assert fragment in lines[0]
    assert proc.stdout == ""


def test_estimator_flag_is_shared_with_the_gaussian_family(capsys):
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    text = capsys.readouterr().out
    assert "families: gaussian, multivariate" in text
    for opt in ("--dimension", "--condition-number", "--rotation", "eig_min_ratio"):
        assert opt in text


def test_the_preset_stories_hold():
    """Each preset shows what its explanation says (medians at the last generation)."""
    import numpy as np

    from collapse_core.presets import get

    ellipse = simulate(get("mvn-ellipse").config)
    assert np.median(ellipse.metric("trace_ratio")[:, -1]) < 0.05
    spectrum = simulate(get("mvn-spectrum").config)
    # "about a fifth of the total variance ... all but a trillionth ... its strongest has grown".
    assert 0.1 < np.median(spectrum.metric("trace_ratio")[:, -1]) < 0.4
    assert np.median(spectrum.metric("eig_min_ratio")[:, -1]) < 1e-10
    assert np.median(spectrum.metric("eig_max_ratio")[:, -1]) > 1
    acc = get("mvn-accumulate")
    kept = np.median(simulate(acc.config).metric("log_eig_min_ratio")[:, -1])
    lost = np.median(simulate(acc.compare).metric("log_eig_min_ratio")[:, -1])
    assert kept > np.log(0.1) and lost < np.log(1e-6)
