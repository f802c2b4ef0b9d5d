"""The load driver's smoke run (bench/load.py --smoke) against the real app server (collapse_ui.serve, as make run starts it)
on loopback: correctness only (no errors, each session sees its own seed, reruns happen).
Times are printed by the benchmark, never asserted."""

from __future__ import annotations

import pytest

from bench import load


def test_seed_check_catches_another_sessions_seed():
    mine = load.Rerun(
        seconds=0.1,
        chart=True,
        captions=["Engine: **exact**, because x. Seed 11."],
        query="sample_size=100&seed=11",
    )
    assert load.seed_problems(mine, 11) == []
    assert len(load.seed_problems(mine, 12)) == 2  # caption and URL both name another seed
    leaked = load.Rerun(seconds=0.1, chart=True, captions=["Seed 11."], query="seed=12")
    assert load.seed_problems(leaked, 11) == ["URL 'seed=12' does not carry seed=11"]


def test_only_loopback():
    with pytest.raises(ValueError, match="loopback"):
        load.Session("http://example.com:80")


@pytest.mark.slow
def test_load_smoke_run_is_correct():
    (report,) = load.main(["--smoke", "--settle", "3"])
    assert report["isolation"]["ok"], report["isolation"]["problems"]
    assert report["load"]["errors"] == []
    assert report["load"]["reruns"] > 0
    starvation = report["starvation"]
    assert starvation["light_errors"] == []
    assert starvation["light_reruns"] > 0
    assert starvation["heavy_problems"] == []
