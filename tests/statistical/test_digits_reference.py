"""The digits engine against a slow, obviously-correct loop (one replicate, one class at a
time, numpy's multivariate_normal and np.cov), in distribution, and the command line."""

import json
import subprocess
import sys

import numpy as np
import pytest
from stats_helpers import assert_same_distribution

from collapse_core import simulate
from collapse_core.cli import main
from collapse_core.digits import DigitsConfig
from collapse_core.digits.data import CLASSES, real_digits, space
from collapse_core.digits.engine import quotas


def reference_loop(cfg: DigitsConfig, seed: int) -> np.ndarray:
    """Within-class variance of generation G per replicate: fixed prior, replace, no real data."""
    gen = np.random.default_rng(seed)
    real, sp = real_digits(), space(cfg.components)
    n = quotas(cfg.sample_size, real.prior)
    out = np.empty(cfg.replicates)
    for r in range(cfg.replicates):
        means, covs = [], []
        for c in range(CLASSES):
            pool = sp.train_z[real.train_y == c]
            x = pool[gen.integers(0, len(pool), n[c])]  # generation 1: draws from the truth
            for _ in range(cfg.generations - 1):
                m, s = x.mean(axis=0), np.cov(x, rowvar=False, bias=True)
                x = gen.multivariate_normal(m, s, size=n[c], method="eigh")
            means.append(x.mean(axis=0))
            covs.append(np.cov(x, rowvar=False, bias=True))
        out[r] = sum(p * np.trace(s) for p, s in zip(real.prior, covs, strict=True))
    return out


@pytest.mark.slow
def test_engine_matches_reference_loop_in_distribution():
    cfg = DigitsConfig(
        sample_size=80, generations=6, replicates=300, components=5, class_prior="fixed", seed=21
    )
    engine = simulate(cfg).metric("within_class_variance")[:, -1]
    assert_same_distribution(engine, reference_loop(cfg, 22), "within-class variance at G")


ARGS = [
    "simulate",
    "--family",
    "digits",
    "--sample-size",
    "40",
    "--generations",
    "3",
    "--replicates",
    "3",
    "--components",
    "6",
    "--seed",
    "2",
]


def test_cli_json_shape(capsys):
    assert main([*ARGS, "--class-prior", "fixed", "--real-fraction", "0.25"]) == 0
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
    assert doc["config"]["family"] == "digits" and doc["config"]["class_prior"] == "fixed"
    assert doc["provenance"]["seed"] == 2
    for name in ("pixel_variance", "diversity", "recognisable", "styles", "frechet_pca", "class_tv"):
        assert len(doc["summary"][name]["q95"]) == 4
    assert doc["theory"]["expected_class_heterozygosity"][0] == pytest.approx(
        1 - float(real_digits().prior @ real_digits().prior)
    )


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--class-prior", "wobbly"], "argument --class-prior: invalid choice: 'wobbly'"),
        (["--components", "41"], "components must be an integer from 1 to 40; got 41"),
        (["--smoothing", "1"], "--smoothing belongs to --family categorical"),
        (["--engine", "exact"], "engine must be one of auto, monte-carlo for the digits family"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(extra, fragment, capsys):
    assert main([*ARGS, *extra]) == 2
    err = capsys.readouterr()
    assert err.out == "" and len(err.err.strip().splitlines()) == 1 and fragment in err.err, err.err


def test_cli_bad_flag_in_a_subprocess_is_one_line():
    proc = subprocess.run(
        [sys.executable, "-m", "collapse_core", *ARGS, "--components", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "components must be an integer from 1 to 40; got 0" in lines[0], proc.stderr
