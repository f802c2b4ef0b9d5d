"""CLI fuzz suite (issue 16): hostile argument sets for `python -m collapse_core simulate`,
`presets`, and `python -m collapse_ui.export`.

Each case runs `main(argv)` in-process in a fresh temporary working folder (a few run as real
subprocesses, for the true exit status and stderr). Rules checked for every case:
- bad input exits 2 with exactly one line on stderr; an unwritable output exits 1 with one line;
- never a traceback (an exception escaping main fails the test);
- never a file written outside the requested place (the whole temporary tree is compared before
  and after: new files only under the requested output, none at all on failure);
- never a partly written output or a temporary file left behind.
Generated cases come from a seeded numpy Generator; the case id names the flags.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from collapse_core import cli
from collapse_ui import export

ROOT = Path(__file__).resolve().parents[2]
SEED = 16_2024
FAST_SIM = ["--generations", "3", "--replicates", "5"]
FAST_SET = ["--set", "generations=3", "--set", "replicates=10"]

NUMBERS = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "-1e400",
    "9" * 400,
    "abc",
    "",
    " ",
    "１２",
    "٣",
    "0x10",
    "1_000",
    "1.5",
    "-1",
    "0",
    "-0",
    "1e-400",
    "--",
    "-",
    "2**31",
    "1e9",
    "\x7f",
    "💥",
]
WORDS = [
    "evil",
    "",
    "a\nb",
    "x\r\ny",
    "<script>alert(1)</script>",
    "[x](https://evil.example)",
    "REPLACE",
    "replace ",
    "a" * 5000,
    "../../etc/passwd",
    "-",
]

# (flag, kind) of simulate; kind picks the hostile values.
SIM_FLAGS = {
    "gaussian": [
        ("--sample-size", NUMBERS),
        ("--generations", NUMBERS),
        ("--replicates", NUMBERS),
        ("--real-fraction", NUMBERS),
        ("--seed", NUMBERS),
        ("--mu0", NUMBERS),
        ("--sigma0", NUMBERS),
        ("--regime", WORDS),
        ("--real-source", WORDS),
        ("--estimator", WORDS),
        ("--engine", WORDS),
        ("--format", WORDS),
    ],
    "categorical": [
        ("--categories", NUMBERS),
        ("--zipf-exponent", NUMBERS),
        ("--smoothing", NUMBERS),
        ("--truth", WORDS),
        ("--sample-size", NUMBERS),
        ("--regime", WORDS),
    ],
    "text": [
        ("--order", NUMBERS),
        ("--temperature", NUMBERS),
        ("--top-k", NUMBERS),
        ("--top-p", NUMBERS),
        ("--corpus", WORDS),
        ("--smoothing", NUMBERS),
    ],
}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run_in(tmp_path: Path, main, argv, capsys, monkeypatch):
    """main(argv) from tmp_path/cwd; returns (status, stdout, stderr, files added or changed)."""
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    before = tree(tmp_path)
    capsys.readouterr()
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse's --help
        rc = exc.code
    out, err = capsys.readouterr()
    after = tree(tmp_path)
    changed = {k for k in after if before.get(k) != after[k]}
    assert not (set(before) - set(after)), f"files removed: {set(before) - set(after)}"
    return rc, out, err, changed


def one_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, f"stderr must be one line: {err[:500]!r}"
    assert "Traceback" not in err
    assert len(err) < 2000, "an error line echoes at most a bounded part of the input"


def strict_json(text: str):
    def no_constant(name):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=no_constant)


# ---------------------------------------------------------------- simulate and presets


def _sim_cases():
    rng = np.random.default_rng(SEED)
    out = []
    for family, flags in SIM_FLAGS.items():
        for flag, values in flags:
            for j in range(3):
                value = values[int(rng.integers(len(values)))]
                argv = ["simulate", "--family", family, *FAST_SIM, flag, value]
                marks = () if j == 0 else (pytest.mark.slow,)
                out.append(pytest.param(argv, id=f"sim-{family}{flag}-{j}", marks=marks))
    for j in range(12):  # several flags at once, any family's
        family = str(rng.choice(list(SIM_FLAGS)))
        argv = ["simulate", "--family", family, *FAST_SIM]
        for _ in range(int(rng.integers(2, 5))):
            f, values = SIM_FLAGS[family][int(rng.integers(len(SIM_FLAGS[family])))]
            argv += [f, values[int(rng.integers(len(values)))]]
        out.append(pytest.param(argv, id=f"sim-mixed-{j}", marks=() if j < 3 else (pytest.mark.slow,)))
    return out


SIM_CASES = _sim_cases()

# Inputs that must be refused (status 2, one line, nothing written).
SIM_BAD = [
    [],
    ["nonsense"],
    ["simulate", "--family", "klingon"],
    ["simulate", "--bogus"],
    ["simulate", "--sample-size"],
    ["simulate", "--sample-size", "1", *FAST_SIM],
    ["simulate", "--generations", "0"],
    ["simulate", "--replicates", "-5"],
    ["simulate", "--real-fraction", "nan"],
    ["simulate", "--real-fraction", "1.5"],
    ["simulate", "--sigma0", "0"],
    ["simulate", "--sigma0", "-1"],
    ["simulate", "--sigma0", "inf"],
    ["simulate", "--mu0", "nan"],
    ["simulate", "--mu0", "1e400"],
    ["simulate", "--family", "gaussian", "--categories", "5"],
    ["simulate", "--family", "categorical", "--mu0", "1"],
    ["simulate", "--preset", "no-such-preset"],
    ["simulate", "--preset", ""],
    ["simulate", "--side", "compare"],
    ["simulate", "--preset", "paper-gaussian", "--side", "sideways"],
    ["simulate", "--preset", "paper-gaussian", "--family", "categorical"],
    ["simulate", "--family", "categorical", "--categories", "1", *FAST_SIM],
    ["simulate", "--family", "categorical", "--truth", "english", "--categories", "60000", *FAST_SIM],
    ["simulate", "--family", "categorical", "--zipf-exponent", "11", *FAST_SIM],
    ["simulate", "--family", "categorical", "--smoothing", "-0.1", *FAST_SIM],
    ["simulate", "--family", "text", "--corpus", "upload-0123456789abcdef", *FAST_SIM],
    ["simulate", "--family", "text", "--order", "9", *FAST_SIM],
    ["simulate", "--generations", "100000", "--replicates", "100000"],  # over the batch budget
    ["simulate", "--seed", "-1", *FAST_SIM],
    ["simulate", "--seed", "9" * 400, *FAST_SIM],
    ["simulate", "--format", "xml", *FAST_SIM],
    ["simulate", "--out", "", *FAST_SIM],
    ["simulate", "--out", " ", *FAST_SIM],
    ["presets", "--format", "xml"],
    ["presets", "--bogus"],
    ["presets", "extra"],
    ["simulate", "--generations", "3", "--generations"],
    ["simulate", "--sample-size=", *FAST_SIM],
    ["simulate", "--real-fraction", "0x1p-2", *FAST_SIM],
]


@pytest.mark.parametrize("argv", SIM_CASES)
def test_simulate_generated(tmp_path, capsys, monkeypatch, argv):
    rc, out, err, changed = run_in(tmp_path, cli.main, argv, capsys, monkeypatch)
    assert not changed, f"simulate to stdout wrote files: {changed}"
    assert rc in (0, 2), (rc, err)
    if rc == 2:
        one_line(err)
        assert not out
    else:
        assert not err
        if "--format" in argv and argv[argv.index("--format") + 1].strip() == "csv":
            assert out.startswith("generation,")
        else:
            doc = strict_json(out)
            assert doc["provenance"] and doc["config"]["family"] in SIM_FLAGS


@pytest.mark.parametrize("argv", SIM_BAD, ids=[" ".join(a)[:50] or "empty" for a in SIM_BAD])
def test_simulate_refuses(tmp_path, capsys, monkeypatch, argv):
    rc, out, err, changed = run_in(tmp_path, cli.main, argv, capsys, monkeypatch)
    assert rc == 2, (rc, err)
    one_line(err)
    assert not out and not changed


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_presets_lists(tmp_path, capsys, monkeypatch, fmt):
    rc, out, err, changed = run_in(tmp_path, cli.main, ["presets", "--format", fmt], capsys, monkeypatch)
    assert rc == 0 and not err and not changed and out
    if fmt == "json":
        assert strict_json(out)


# Output paths: (--out text, files expected relative to tmp_path, exit status). cwd is tmp_path/cwd.
SIM_OUT = [
    ("out.json", {"cwd/out.json"}, 0),
    ("-dash.json", {"cwd/-dash.json"}, 0),
    ("deep/../o.json", set(), 1),  # as in a shell: deep/ does not exist, so nothing is written
    ("../escape.json", {"escape.json"}, 0),
    ("sub dir with space.json", {"cwd/sub dir with space.json"}, 0),
    ("ünïcødé.json", {"cwd/ünïcødé.json"}, 0),
    ("nodir/x.json", set(), 1),
    ("existing_dir", set(), 1),
    ("a_file/x.json", set(), 1),
    ("/proc/evil.json", set(), 1),
    (".", set(), 1),
]


@pytest.mark.parametrize(("target", "expected", "status"), SIM_OUT, ids=[t for t, _, _ in SIM_OUT])
def test_simulate_out_writes_only_the_requested_file(tmp_path, capsys, monkeypatch, target, expected, status):
    (tmp_path / "cwd" / "existing_dir").mkdir(parents=True)
    (tmp_path / "cwd" / "a_file").write_text("keep")
    argv = ["simulate", *FAST_SIM, "--seed", "3", "--out", target]
    rc, out, err, changed = run_in(tmp_path, cli.main, argv, capsys, monkeypatch)
    assert rc == status, err
    assert changed == expected
    assert not out
    if status:
        one_line(err)
    else:
        assert not err
        strict_json((tmp_path / next(iter(expected))).read_text())


def test_simulate_out_is_atomic_when_the_write_fails(tmp_path, capsys, monkeypatch):
    """A failure while writing leaves the old file as it was and no temporary file behind."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "result.json").write_text("old")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    rc, _out, err, changed = run_in(
        tmp_path, cli.main, ["simulate", *FAST_SIM, "--out", "result.json"], capsys, monkeypatch
    )
    assert rc == 1 and "No space left" in err
    one_line(err)
    assert not changed and sorted(os.listdir(cwd)) == ["result.json"]
    assert (cwd / "result.json").read_text() == "old"


def test_simulate_out_replaces_an_existing_file_whole(tmp_path, capsys, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "r.csv").write_text("x" * 1_000_000)  # longer than the new content
    rc, _, err, changed = run_in(
        tmp_path, cli.main, ["simulate", *FAST_SIM, "--format", "csv", "--out", "r.csv"], capsys, monkeypatch
    )
    assert rc == 0 and not err and changed == {"cwd/r.csv"}
    text = (cwd / "r.csv").read_text()
    assert text.startswith("generation,") and "x" not in text.splitlines()[-1]


# ---------------------------------------------------------------- export


def _export_cases():
    rng = np.random.default_rng(SEED + 1)
    hostile_sets = [
        "seed",
        "=1",
        "seed=abc",
        "seed=nan",
        "[x](https://evil.example)=1",
        "seed=" + "9" * 100_000,
        "generations=1e400",
        "hide=seed",
        "present=1",
        "sample_size=-0",
        "regime=<script>",
        "categories=1000000",
        "truth=english",
        "order=0",
        "corpus=../../etc/passwd",
        " =x",
        "seed==1",
    ]
    out = []
    for j in range(24):
        page = str(rng.choice(["gaussian", "categorical", "vocabulary", "text"]))
        argv = ["--page", page, "--format", "csv,json", *FAST_SET]
        for _ in range(int(rng.integers(1, 3))):
            argv += ["--set", hostile_sets[int(rng.integers(len(hostile_sets)))]]
        out.append(
            pytest.param(argv, id=f"export-set-{page}-{j}", marks=() if j < 4 else (pytest.mark.slow,))
        )
    return out


EXPORT_GENERATED = _export_cases()

EXPORT_BAD = [
    [],
    ["--page", "gaussian"],
    ["--out", "o"],
    ["--page", "about", "--out", "o"],
    ["--page", "../gaussian", "--out", "o"],
    ["--page", "", "--out", "o"],
    ["--preset", "nope", "--out", "o"],
    ["--preset", "", "--out", "o"],
    ["--preset", "paper-gaussian", "--page", "gaussian", "--out", "o"],
    ["--page", "gaussian", "--out", ""],
    ["--page", "gaussian", "--out", " "],
    ["--page", "gaussian", "--out", "a_file"],
    ["--page", "gaussian", "--out", "o", "--format", ""],
    ["--page", "gaussian", "--out", "o", "--format", ","],
    ["--page", "gaussian", "--out", "o", "--format", "csv,evil"],
    ["--page", "gaussian", "--out", "o", "--format", "pdf"],
    ["--page", "gaussian", "--out", "o", "--width", "0"],
    ["--page", "gaussian", "--out", "o", "--width", "-1"],
    ["--page", "gaussian", "--out", "o", "--width", "nan"],
    ["--page", "gaussian", "--out", "o", "--width", "9" * 400],
    ["--page", "gaussian", "--out", "o", "--height", "8000"],
    ["--page", "gaussian", "--out", "o", "--height", "99"],
    ["--page", "gaussian", "--out", "o", "--scale", "nan"],
    ["--page", "gaussian", "--out", "o", "--scale", "inf"],
    ["--page", "gaussian", "--out", "o", "--scale", "0"],
    ["--page", "gaussian", "--out", "o", "--scale", "-2"],
    ["--page", "gaussian", "--out", "o", "--scale", "1e400"],
    ["--page", "gaussian", "--out", "o", "--scale", "abc"],
    ["--page", "gaussian", "--out", "o", "--base-url", "javascript:alert(1)"],
    ["--page", "gaussian", "--out", "o", "--base-url", "data:text/html,<script>alert(1)</script>"],
    ["--page", "gaussian", "--out", "o", "--base-url", "http://"],
    ["--page", "gaussian", "--out", "o", "--base-url", ""],
    ["--page", "gaussian", "--out", "o", "--base-url", "ftp://example.com"],
    ["--page", "gaussian", "--out", "o", "--set", "seed"],
    ["--page", "gaussian", "--out", "o", "--set", "=1"],
    ["--page", "gaussian", "--out", "o", "--set", "seed=nan"],
    ["--page", "gaussian", "--out", "o", "--set", "hide=seed"],
    ["--page", "gaussian", "--out", "o", "--set", "[x](https://evil.example)=1"],
    [
        "--page",
        "gaussian",
        "--out",
        "o",
        "--format",
        "csv",
        "--set",
        "regime=accumulate-subsample",
        "--set",
        "sample_size=1000000",
        "--set",
        "generations=5000",
        "--set",
        "replicates=1000",
    ],  # over the budget
    ["--page", "gaussian", "--out", "o", "--bogus"],
    ["--page", "gaussian", "--out", "o", "--no-caption=1"],
]


@pytest.mark.parametrize("argv", EXPORT_BAD, ids=[" ".join(a)[:60] or "empty" for a in EXPORT_BAD])
def test_export_refuses(tmp_path, capsys, monkeypatch, argv):
    (tmp_path / "cwd").mkdir()
    (tmp_path / "cwd" / "a_file").write_text("keep")
    rc, out, err, changed = run_in(tmp_path, export.main, argv, capsys, monkeypatch)
    assert rc == 2, (rc, err)
    one_line(err)
    assert not out and not changed
    assert not list((tmp_path / "cwd").glob(".*partial*"))


@pytest.mark.parametrize("argv", EXPORT_GENERATED)
def test_export_generated(tmp_path, capsys, monkeypatch, argv):
    rc, out, err, changed = run_in(tmp_path, export.main, [*argv, "--out", "pack"], capsys, monkeypatch)
    assert rc in (0, 2), (rc, err)
    if rc == 2:
        one_line(err)
        assert not changed and not out
    else:
        assert not err and out.startswith("wrote ")
        assert changed and all(c.startswith("cwd/pack/") for c in changed), changed
        config = strict_json((tmp_path / "cwd" / "pack" / "config.json").read_text())
        assert "evil.example" not in json.dumps(config)


# (--out, where the files must land relative to tmp_path, exit status)
EXPORT_OUT = [
    ("pack", "cwd/pack/", 0),
    ("deep/../o2", "cwd/o2/", 0),
    ("a/b/c", "cwd/a/b/c/", 0),
    ("../escape", "escape/", 0),
    ("-dash", "cwd/-dash/", 0),
    ("existing_dir", "cwd/existing_dir/", 0),
    ("a_file/sub", None, 1),
    ("/proc/evil", None, 1),
]


@pytest.mark.parametrize(("target", "prefix", "status"), EXPORT_OUT, ids=[t for t, _, _ in EXPORT_OUT])
def test_export_writes_only_under_the_requested_folder(tmp_path, capsys, monkeypatch, target, prefix, status):
    (tmp_path / "cwd" / "existing_dir").mkdir(parents=True)
    (tmp_path / "cwd" / "a_file").write_text("keep")
    argv = [
        "--page",
        "gaussian",
        "--format",
        "csv,json,html",
        *FAST_SET,
        "--out",
        target,
        "--base-url",
        "http://127.0.0.1:8501/x?<script>alert(1)</script>",
    ]
    rc, _out, err, changed = run_in(tmp_path, export.main, argv, capsys, monkeypatch)
    assert rc == status, err
    if status:
        one_line(err)
        assert not changed
        return
    assert changed and all(c.startswith(prefix) for c in changed), changed
    assert not any(".partial" in c or ".write-test" in c for c in changed)
    html = next(tmp_path.glob(f"{prefix}*.html")).read_text()
    assert "<script>alert(1)" not in html


def test_export_failure_while_writing_leaves_nothing(tmp_path, capsys, monkeypatch):
    """A write that fails half way (disk full on the third file) leaves no pack, no partial folder."""
    real = Path.write_bytes
    calls = {"n": 0}

    def flaky(self, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    argv = ["--page", "gaussian", "--format", "csv,json,html", *FAST_SET, "--out", "pack"]
    rc, _out, err, changed = run_in(tmp_path, export.main, argv, capsys, monkeypatch)
    assert rc == 1 and "No space left" in err
    one_line(err)
    assert not changed and os.listdir(tmp_path / "cwd") == []


# ---------------------------------------------------------------- real processes


SUBPROCESS = [
    (["-m", "collapse_core", "simulate", "--sigma0", "nan"], 2),
    (["-m", "collapse_core", "simulate", "--mu0", "-1e12", *FAST_SIM], 0),
    (["-m", "collapse_core", "simulate", *FAST_SIM, "--out", "nodir/x.json"], 1),
    (["-m", "collapse_core", "presets", "--format", "yaml"], 2),
    (["-m", "collapse_ui.export", "--page", "gaussian", "--out", "o", "--width", "nan"], 2),
    (["-m", "collapse_ui.export", "--page", "gaussian", "--out", "a_file/o", "--format", "csv"], 1),
]


@pytest.mark.parametrize(
    ("args", "status"), SUBPROCESS, ids=[" ".join(a[1:4]) + f"->{s}" for a, s in SUBPROCESS]
)
def test_subprocess_exit_status_and_one_line(tmp_path, args, status):
    (tmp_path / "a_file").write_text("keep")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env
    )
    assert proc.returncode == status, proc.stderr
    assert "Traceback" not in proc.stderr
    if status:
        one_line(proc.stderr)
    assert sorted(os.listdir(tmp_path)) == ["a_file"]


def test_case_count():
    n = (
        len(SIM_CASES)
        + len(SIM_BAD)
        + 2
        + len(SIM_OUT)
        + 2
        + len(EXPORT_BAD)
        + len(EXPORT_GENERATED)
        + len(EXPORT_OUT)
        + 1
        + len(SUBPROCESS)
    )
    assert n >= 100
