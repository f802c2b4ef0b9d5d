"""simulate --out and sweep --out at a FIFO, a character device and a symbolic link: each is
still what it was afterwards (the package's output rule, collapse_core/safe_write.py: a device
or FIFO is written through, a link is refused with one line); a FIFO nobody reads is refused
at once; a name too long for the file system is one line and exit 1."""

import json
import os
import stat

import pytest

from collapse_core.cli import main
from collapse_core.sweep.io import read_table
from tests.special_files import KINDS, FifoReader, identity, make

SIM = ["simulate", "--generations", "4", "--replicates", "3", "--seed", "1"]
SWEEP = [
    "sweep",
    "--family",
    "gaussian",
    "--generations",
    "4",
    "--replicates",
    "12",
    "--scheduler",
    "serial",
    "--no-progress",
    "--seed",
    "3",
    "--vary",
    "sample_size=5,10",
    "--metric",
    "variance_ratio",
]


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("kind", KINDS)
def test_simulate_out_leaves_special_files_as_they_were(kind, tmp_path, capsys):
    target = tmp_path / "out.json"
    make(kind, target)
    before = identity(target)
    reader = FifoReader(target) if kind == "fifo" else None
    try:
        code, _, err = run([*SIM, "--out", str(target)], capsys)
        written = reader.read() if reader else b""
    finally:
        if reader:
            reader.close()
    assert identity(target) == before
    if kind == "symlink":
        assert code == 1 and len(err.strip().splitlines()) == 1
        assert "symbolic link" in err and str(target) in err
    else:
        assert code == 0, err
    if kind == "fifo":
        assert json.loads(written)["config"]["generations"] == 4


def test_simulate_out_fifo_without_reader_is_one_line(tmp_path, capsys):
    fifo = tmp_path / "nobody.json"
    os.mkfifo(fifo)
    code, _, err = run([*SIM, "--out", str(fifo)], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "nobody is reading" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_simulate_out_regular_file_still_replaced(tmp_path, capsys):
    target = tmp_path / "old.json"
    target.write_text("old")
    code, _, err = run([*SIM, "--out", str(target)], capsys)
    assert code == 0, err
    assert json.loads(target.read_text())["seed"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["old.json"]  # no temporary file left


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("which", ["parquet", "csv"])
def test_sweep_out_leaves_special_files_as_they_were(kind, which, tmp_path, capsys):
    """The special file is the named output (.parquet) or its CSV sibling, written beside it."""
    target = tmp_path / f"s.{which}"
    make(kind, target)
    before = identity(target)
    reader = FifoReader(target) if kind == "fifo" else None
    try:
        code, _, err = run([*SWEEP, "--out", str(tmp_path / "s.parquet")], capsys)
        written = reader.read() if reader else b""
    finally:
        if reader:
            reader.close()
    assert identity(target) == before
    if kind == "symlink":
        assert code == 1 and len(err.strip().splitlines()) == 1
        assert "symbolic link" in err and str(target) in err
        assert not (tmp_path / "s.provenance.json").exists()  # refused before any file is written
        return
    assert code == 0, err
    if which == "csv":
        df, prov = read_table(tmp_path / "s.parquet")
        assert df["cell"].nunique() == 2 and prov["cells_done"] == 2
    if kind == "fifo":
        assert written.startswith(b"PAR1" if which == "parquet" else b"cell,")


@pytest.mark.parametrize("command", ["simulate", "sweep"])
def test_out_name_too_long_is_one_line_exit_1(command, tmp_path, capsys):
    out = str(tmp_path / ("n" * 300 + (".json" if command == "simulate" else ".parquet")))
    code, _, err = run([*(SIM if command == "simulate" else SWEEP), "--out", out], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "too long" in err
