"""`simulate --scheduler`: the run's blocks on a Dask cluster give the same output as the
run in one process; a bad or silent scheduler is one line and an exit status."""

from __future__ import annotations

import json

import pytest

from collapse_core import cli

pytest.importorskip("distributed")

ARGS = ["simulate", "--family", "gaussian", "--engine", "monte-carlo", "--replicates", "600"]
ARGS += ["--generations", "15", "--sample-size", "50", "--seed", "4"]


def _run(tmp_path, name, *extra):
    out = tmp_path / name
    assert cli.main([*ARGS, *extra, "--out", str(out)]) == 0
    return json.loads(out.read_text())


def test_local_cluster_output_equals_the_single_process_output(tmp_path):
    alone = _run(tmp_path, "alone.json")
    spread = _run(tmp_path, "spread.json", "--scheduler", "local", "--workers", "2")
    assert spread == alone
    assert alone["config"]["replicates"] == 600  # three blocks of replicates


def test_bad_scheduler_values(tmp_path, capsys):
    assert cli.main([*ARGS, "--scheduler", "nowhere"]) == 2
    assert "scheduler must be serial, local or an address" in capsys.readouterr().err
    assert cli.main([*ARGS, "--scheduler", "local", "--workers", "0"]) == 2
    assert "--workers must be from 1 to 64" in capsys.readouterr().err
    assert cli.main([*ARGS, "--scheduler", "tcp://127.0.0.1:1"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "127.0.0.1:1" in err
