"""`python -m collapse_core sweep`: a serial run's files, one-line errors with exit 2, another
family's flag refused, an unwritable output (exit 1), and Ctrl-C keeping the finished cells."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collapse_core.cli import main
from collapse_core.sweep.io import read_table

ROOT = Path(__file__).resolve().parents[2]
BASE = [
    "sweep",
    "--family",
    "gaussian",
    "--generations",
    "8",
    "--replicates",
    "12",
    "--scheduler",
    "serial",
    "--no-progress",
    "--seed",
    "3",
]


def run_cli(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_serial_sweep_writes_table(tmp_path, capsys):
    out = tmp_path / "s.csv"
    code, stdout, err = run_cli(
        [
            *BASE,
            "--vary",
            "sample_size=5,10",
            "--vary",
            "real_fraction=0:0.5:3",
            "--metric",
            "variance_ratio:median",
            "--metric",
            "kl_divergence",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0 and stdout == ""
    assert "6 cells" in err and "s.parquet" in err
    df, prov = read_table(out)
    assert len(df) == 6 * 2
    assert sorted(set(df["real_fraction"])) == [0.0, 0.25, 0.5]
    assert set(zip(df["metric"], df["statistic"], strict=True)) == {
        ("variance_ratio", "median"),
        ("kl_divergence", "median"),
    }
    assert (df["generation"] == 8).all()
    assert prov["sweep"]["root_seed"] == 3 and prov["config"]["generations"] == 8
    assert prov["scheduler"] == "serial"
    df2, _ = read_table(tmp_path / "s.parquet")
    assert df2["value"].tolist() == df["value"].tolist()


@pytest.mark.parametrize(
    ("extra", "msg"),
    [
        (["--vary", "foo=1,2", "--metric", "variance_ratio"], "family gaussian has no setting 'foo'"),
        (
            ["--vary", "sample_size=1,5", "--metric", "variance_ratio"],
            "cell sample_size=1: sample_size must be",
        ),
        (["--vary", "sample_size", "--metric", "variance_ratio"], "--vary needs FIELD=VALUES"),
        (["--vary", "sample_size=5", "--metric", "surviving"], "family gaussian has no metric 'surviving'"),
        (["--vary", "sample_size=5", "--metric", "variance_ratio:mode"], "statistic must be one of"),
        (["--vary", "sample_size=5"], "at least one --metric"),
        (["--metric", "variance_ratio"], "one to three --vary"),
        (
            ["--truth", "zipf", "--vary", "sample_size=5", "--metric", "variance_ratio"],
            "--truth belongs to --family categorical, not gaussian",
        ),
        (["--sample-size", "5", "--vary", "sample_size=5,6", "--metric", "variance_ratio"], "both set"),
        (
            ["--vary", "sample_size=5", "--metric", "variance_ratio", "--at-generation", "9"],
            "beyond generations=8",
        ),
        (
            ["--vary", "sample_size=5", "--metric", "variance_ratio", "--at-generation", "x"],
            "--at-generation",
        ),
        (["--vary", "sample_size=5", "--metric", "variance_ratio", "--workers", "0"], "--workers"),
        (
            ["--vary", "sample_size=5", "--metric", "variance_ratio", "--replicates", "many"],
            "invalid int value",
        ),
    ],
)
def test_bad_arguments_one_line_exit_2(extra, msg, tmp_path, capsys):
    code, out, err = run_cli([*BASE, *extra, "--out", str(tmp_path / "x.parquet")], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and msg in err, err
    assert not list(tmp_path.iterdir())


def test_missing_out_and_bad_suffix(tmp_path, capsys):
    args = [*BASE, "--vary", "sample_size=5", "--metric", "variance_ratio"]
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "--out" in err
    code, _, err = run_cli([*args, "--out", str(tmp_path / "x.json")], capsys)
    assert code == 2 and ".parquet or .csv" in err


def test_unwritable_output_exit_1(tmp_path, capsys):
    code, _, err = run_cli(
        [
            *BASE,
            "--vary",
            "sample_size=5",
            "--metric",
            "variance_ratio",
            "--out",
            str(tmp_path / "no" / "x.parquet"),
        ],
        capsys,
    )
    assert code == 1 and "cannot write" in err and err.count("\n") == 1


def test_help_lists_sweep():
    run = subprocess.run(
        [sys.executable, "-m", "collapse_core", "sweep", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        run.returncode == 0
        and "--vary FIELD=VALUES" in run.stdout
        and "COLLAPSE_DASK_SCHEDULER" in run.stdout
    )


def test_ctrl_c_keeps_finished_cells(tmp_path):
    """SIGINT mid-sweep: exit 130, the finished cells written, the table marked interrupted."""
    out = tmp_path / "part.parquet"
    # 60 cells of a slow-ish Monte Carlo run; the interrupt lands after the first few.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "collapse_core",
            "sweep",
            "--family",
            "gaussian",
            "--generations",
            "200",
            "--replicates",
            "200",
            "--engine",
            "monte-carlo",
            "--vary",
            "sample_size=200:400:60",
            "--metric",
            "variance_ratio",
            "--scheduler",
            "serial",
            "--seed",
            "1",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        # A shell that starts pytest in the background leaves SIGINT ignored, and an ignored
        # signal stays ignored across exec: give the sweep a terminal's default Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        buf = ""
        deadline = time.monotonic() + 120
        while "3/60" not in buf:  # tqdm's count on stderr
            assert time.monotonic() < deadline and proc.poll() is None, buf
            buf += os.read(proc.stderr.fileno(), 4096).decode()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=15)
    assert proc.returncode == 130, err
    assert "interrupted:" in err and "of 60 cells finished" in err
    df, prov = read_table(out)
    assert prov["interrupted"] is True and 3 <= prov["cells_done"] < 60
    assert df["cell"].nunique() == prov["cells_done"]
