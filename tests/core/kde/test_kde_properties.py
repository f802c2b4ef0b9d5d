"""KDE family: determinism, replicate-count invariance, snapshots, config validation, CLI."""

import json
import subprocess
import sys

import numpy as np
import pytest

from collapse_core import BATCH, INTERACTIVE, WorkBudgetError, simulate
from collapse_core.cli import main
from collapse_core.kde import KDEConfig, kernel
from collapse_core.kde.engine import STORED

CASES = [
    dict(),
    dict(regime="accumulate", real_fraction=0.2, real_source="fixed", bandwidth_rule="scott"),
    dict(regime="accumulate-subsample", truth_shape="mixture", bandwidth_rule="fixed", bandwidth=0.2),
]


@pytest.mark.parametrize("kwargs", CASES)
def test_same_seed_same_result_and_replicate_invariance(kwargs):
    """Streams belong to blocks of 256 replicates: a run with more replicates keeps the first
    block's chains unchanged."""
    small = KDEConfig(sample_size=12, generations=5, replicates=256, seed=7, **kwargs)
    big = KDEConfig(sample_size=12, generations=5, replicates=300, seed=7, **kwargs)
    a, b, c = simulate(small), simulate(small), simulate(big)
    for name in STORED:
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name])
        np.testing.assert_array_equal(a.arrays[name], c.arrays[name][:256])
    assert not np.array_equal(c.arrays["variance"][:3], c.arrays["variance"][256:259])
    other = simulate(KDEConfig(sample_size=12, generations=5, replicates=256, seed=8, **kwargs))
    assert not np.array_equal(a.arrays["variance"], other.arrays["variance"])


def test_metrics_shape_and_ranges():
    cfg = KDEConfig(sample_size=20, generations=4, replicates=5, seed=2, truth_shape="mixture")
    res = simulate(cfg)
    for name in res.metric_names:
        assert res.metric(name).shape == (5, 5), name
    tail = res.metric("tail_mass_2sd")
    assert np.all((tail >= 0) & (tail <= 1))
    assert np.all(res.metric("modes")[:, 1:] >= 1)
    assert np.all(np.isnan(res.metric("bandwidth")[:, 0])) and np.all(res.metric("bandwidth")[:, 1:] > 0)


def test_snapshots_hold_the_training_points():
    cfg = KDEConfig(
        sample_size=10, generations=4, replicates=3, seed=1, regime="accumulate", bandwidth_rule="fixed"
    )
    res = simulate(cfg, snapshot_generations=(0, 2, 4), snapshot_replicates=2)
    pts = res.arrays["snapshot_points"]
    assert pts.shape == (3, 2, 40)
    assert np.isnan(pts[0]).all()  # generation 0 is the truth: no points
    assert np.isfinite(pts[1, :, :20]).all() and np.isnan(pts[1, :, 20:]).all()
    assert np.isfinite(pts[2]).all()
    np.testing.assert_allclose(np.nanmean(pts[2], axis=1), res.arrays["mean"][:2, 4])
    with pytest.raises(ValueError, match="snapshot_generations must hold integers from 0 to 4"):
        simulate(cfg, snapshot_generations=(5,))


def test_density_integrates_to_one():
    x = np.linspace(-10, 10, 4001)
    d = kernel.density(np.array([0.0, 1.0, np.nan]), 0.5, x)
    assert np.trapezoid(d, x) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (dict(bandwidth_rule="gaussian"), "bandwidth_rule must be one of fixed, scott, silverman"),
        (dict(bandwidth=0.0), "bandwidth must lie in (0,"),
        (
            dict(bandwidth_rule="fixed", bandwidth=1e-9),
            "bandwidth must lie between 1e-6 and 1e3 times sigma0 (1) with the fixed rule",
        ),
        (dict(truth_shape="cauchy"), "truth_shape must be one of normal, mixture"),
        (dict(sigma0=-1.0), "sigma0 must lie in (0,"),
        (dict(separation=float("nan")), "separation must be a finite number"),
        (dict(sample_size=1), "sample_size must be an integer from 2"),
    ],
)
def test_config_validation_names_the_field(kwargs, fragment):
    with pytest.raises(ValueError) as exc:
        KDEConfig(**kwargs)
    assert fragment in str(exc.value)


def test_budget_refuses_with_a_hint():
    cfg = KDEConfig(sample_size=50, generations=300, replicates=300, regime="accumulate")
    with pytest.raises(WorkBudgetError, match=r"CPU-seconds.*accumulate refits on every point"):
        simulate(cfg, budget=INTERACTIVE)
    big_pool = KDEConfig(sample_size=100_000, generations=100, replicates=300, regime="accumulate-subsample")
    with pytest.raises(WorkBudgetError):
        simulate(big_pool, budget=BATCH)


ARGS = [
    "simulate",
    "--family",
    "kde",
    "--sample-size",
    "30",
    "--generations",
    "4",
    "--replicates",
    "5",
    "--seed",
    "3",
]


def test_cli_json_shape(capsys):
    assert main([*ARGS, "--bandwidth-rule", "fixed", "--bandwidth", "0.4", "--truth-shape", "mixture"]) == 0
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
    assert doc["config"]["family"] == "kde" and doc["config"]["bandwidth"] == 0.4
    assert doc["provenance"]["family"] == "kde" and doc["provenance"]["seed"] == 3
    assert len(doc["summary"]["variance_ratio"]["mean"]) == 5
    assert len(doc["theory"]["expected_variance_ratio"]) == 5
    assert doc["theory"]["stationary_variance_ratio"] == pytest.approx(30 * 0.16 / 5.0)


def test_cli_preset(capsys):
    assert (
        main(["simulate", "--preset", "kde-spread-inflates", "--generations", "3", "--replicates", "4"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["config"]["bandwidth"] == 0.3 and doc["config"]["generations"] == 3


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--bandwidth-rule", "bogus"], "argument --bandwidth-rule: invalid choice: 'bogus'"),
        (["--bandwidth", "-1"], "bandwidth must lie in (0,"),
        (["--engine", "exact"], "engine must be one of auto, monte-carlo for the kde family"),
        (
            ["--dimension", "3"],
            "--dimension belongs to --family multivariate / mixture / regression, not kde",
        ),
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
