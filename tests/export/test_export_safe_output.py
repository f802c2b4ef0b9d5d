"""The export command's folder and files by the package's output rule
(collapse_core/safe_write.py): a `--out` folder or a `data/` folder that is a symbolic link is
refused with one line (never followed: nothing lands where the link points); a FIFO, a
character device or a link in the place of one of the pack's files is still what it was
afterwards; a 300-character `--out` is one line and exit 1, not a traceback."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from collapse_ui import export as cli
from tests.special_files import KINDS, FifoReader, identity, make

ARGS = [
    "--page",
    "gaussian",
    "--set",
    "sample_size=20",
    "--set",
    "generations=5",
    "--set",
    "replicates=10",
    "--set",
    "seed=5",
    "--format",
    "csv,json",
]


def run(out, capsys):
    code = cli.main([*ARGS, "--out", str(out)])
    cap = capsys.readouterr()
    return code, cap.err


@functools.cache
def _names(folder: str) -> tuple[str, ...]:
    code = cli.main([*ARGS, "--out", folder])
    assert code == 0
    return tuple(sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file()))


@pytest.fixture
def pack_names(tmp_path_factory):
    """The relative paths of the files this export writes (from a run into a fresh folder)."""
    return _names(str(tmp_path_factory.mktemp("fresh") / "pack"))


def test_out_folder_that_is_a_link_is_refused(tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").symlink_to("elsewhere")
    code, err = run(tmp_path / "out", capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "symbolic link" in err
    assert list(elsewhere.iterdir()) == []
    assert (tmp_path / "out").is_symlink()


def test_data_folder_that_is_a_link_is_refused(tmp_path, capsys, pack_names):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "data").symlink_to("../elsewhere")
    code, err = run(out, capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "symbolic link" in err and "data" in err
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["data"]  # refused before any file moved in


@pytest.mark.parametrize("kind", KINDS)
def test_special_file_in_the_pack_is_left_as_it_was(kind, tmp_path, capsys, pack_names):
    csv_name = next(n for n in pack_names if n.startswith("data/"))
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    target = out / csv_name
    make(kind, target)
    before = identity(target)
    reader = FifoReader(target) if kind == "fifo" else None
    try:
        code, err = run(out, capsys)
        written = reader.read() if reader else b""
    finally:
        if reader:
            reader.close()
    assert identity(target) == before
    if kind == "symlink":
        assert code == 1 and len(err.strip().splitlines()) == 1 and "symbolic link" in err
        assert not (out / "config.json").exists()
        return
    assert code == 0, err
    assert (out / "config.json").is_file()
    if kind == "fifo":
        assert written.startswith(b"trace,")


def test_out_name_too_long_is_one_line_exit_1(tmp_path, capsys):
    code, err = run(tmp_path / ("o" * 300), capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "too long" in err
    assert "Traceback" not in err
