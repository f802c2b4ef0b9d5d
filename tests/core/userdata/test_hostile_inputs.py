"""Hostile files and pasted texts: each ends in data or in one clear DataError message, never
another exception, and within a stated memory budget (tracemalloc's peak)."""

from __future__ import annotations

import codecs
import tracemalloc

import numpy as np
import pytest

from collapse_core.userdata import parse
from collapse_core.userdata.load import load_labels, load_numeric
from collapse_core.userdata.parse import DataError

# Peak Python allocation while loading one input: the inputs below are at most a few MB, and
# a 2 GB file must be refused before it is read.
PEAK_BUDGET = 64 * 1024 * 1024

# (name, input, expected: "ok" or a fragment of the refusal)
TEXTS = [
    ("empty", "", "empty"),
    ("only spaces", "   \n\t\n  ", "empty"),
    ("only a header", "height,weight\n", "only a header"),
    ("one row", "height\n170\n", "at least 2"),
    ("one value", "42", "at least 2"),
    ("constant", "x\n3\n3\n3\n3\n", "constant"),
    ("all text", "a\nb\nc\n", "no column holds"),
    ("nan everywhere", "x\nnan\nNaN\nNAN\n", "no column holds"),
    ("inf cells", "x\ninf\n-inf\n1\n2\n", "ok"),
    ("overflow 1e400", "x\n1e400\n1e400\n", "2 too large"),
    ("overflow mixed", "x\n1e400\n1\n2\n", "ok"),
    ("squares overflow", "x\n1e300\n-1e300\n", "overflow"),
    ("denormals", "x\n5e-324\n1e-310\n", "ok"),
    ("python underscores", "x\n1_000\n2_000\n", "no column holds"),
    ("hex", "x\n0x10\n0x20\n", "no column holds"),
    ("decimal comma", "x\n1,5\n2,5\n3,5\n", "ok"),
    ("mixed delimiters", "a,b;c\td\n1,2;3\t4\n5;6,7\t8\n", "ok"),
    ("ragged rows", "a,b\n1\n2,3,4,5\n6,7\n", "ok"),
    ("html label header", "<script>alert(1)</script>\n1\n2\n", "ok"),
    ("html cells", "x\n<b>1</b>\n<img src=x onerror=alert(1)>\n3\n4\n", "ok"),
    ("markdown header", "**bold** [link](javascript:alert(1))\n1\n2\n", "ok"),
    ("rtl override header", "\u202eheight\u202c\n1\n2\n", "ok"),
    ("combining marks", "h\u0301\u0302\u0303\u0304\n1\n2\n", "ok"),
    ("zalgo cells", "x\n" + "1\u0336\u0337" * 3 + "\n2\n3\n", "ok"),
    ("emoji", "\U0001f600,\U0001f4a9\n1,2\n3,4\n", "ok"),
    ("formula cells", "x\n=1+1\n+2\n-3\n@SUM(A1)\n4\n", "ok"),
    ("excel injection", "x\n=cmd|'/C calc'!A0\n1\n2\n", "ok"),
    ("very long line", "x," * 5000 + "\n" + "1," * 5000, "columns"),
    ("very long cell", "x\n" + "9" * 100_000 + "\n1\n2\n", "ok"),
    ("huge exponent", "x\n1e999999999999\n1\n2\n", "ok"),
    ("many blank lines", "\n" * 10_000 + "x\n1\n2\n", "ok"),
    ("crlf", "x\r\n1\r\n2\r\n", "ok"),
    ("old mac cr", "x\r1\r2\r", "ok"),
    ("unicode line separators", "x\u20281\u20292\x1c3\n", "ok"),
    ("lone surrogate", "x\n\ud800\n1\n2\n", "ok"),
    ("quotes unbalanced", 'x\n"1\n2"\n3\n4\n', "ok"),
    ("null char in paste", "x\n1\x002\n", "NUL"),
    ("rows at the limit", "x\n" + "1\n2.5\n" * (parse.MAX_ROWS // 2), "ok"),
    ("too many rows", "1\n" * (parse.MAX_ROWS + 5), "more than 200,000 rows"),
    ("ten million short lines", "1\n" * 10_000_000, "more than 200,000 rows"),
    ("fullwidth digits", "x\n\uff11\n\uff12\n", "no column holds"),
    ("arabic-indic digits", "x\n\u0661\n\u0662\n", "no column holds"),
    ("negative zero", "x\n-0\n0\n", "constant"),
]

BYTES = [
    ("latin-1", "caf\xe9\n1\n2\n".encode("latin-1"), "not UTF-8"),
    ("windows-1252 quotes", b"\x93x\x94\n1\n2\n", "not UTF-8"),
    ("utf-8 bom", codecs.BOM_UTF8 + b"x\n1\n2\n", "ok"),
    ("utf-16 le bom", "x\n1\n2\n".encode("utf-16-le").join([codecs.BOM_UTF16_LE, b""]), "ok"),
    ("utf-16 be bom", "x\n1\n2\n".encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), "ok"),
    ("utf-16 without bom", "x\n1\n2\n".encode("utf-16-le"), "NUL"),
    ("utf-16 odd length", codecs.BOM_UTF16_LE + b"x\x00\n", "not valid UTF-16"),
    ("utf-32", "x\n1\n".encode("utf-32"), "UTF-32"),
    ("png header", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
    ("zip header", b"PK\x03\x04\x14\x00\x00\x00", "NUL"),
    ("random bytes", np.random.default_rng(5).integers(0, 256, 4096, dtype=np.uint8).tobytes(), "NUL"),
    ("overlong utf-8", b"x\n\xc0\xaf\n1\n2\n", "not UTF-8"),
    ("truncated utf-8", b"x\n1\n2\n\xe2\x82", "not UTF-8"),
]


def _run(fn, *args, **kwargs):
    tracemalloc.start()
    try:
        try:
            out = fn(*args, **kwargs)
        except DataError as exc:
            out = exc
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return out, peak


def _check(out, expected):
    if expected == "ok":
        assert not isinstance(out, DataError), str(out)
        for col in out.columns.values():
            assert np.all(np.isfinite(col)) and col.size >= 2
    else:
        assert isinstance(out, DataError), f"accepted: {out!r:.200}"
        message = str(out)
        assert expected in message, message
        assert "\n" not in message and "Traceback" not in message and len(message) < 300


@pytest.mark.parametrize(("name", "text", "expected"), TEXTS, ids=[t[0] for t in TEXTS])
def test_hostile_paste(name, text, expected):
    out, peak = _run(load_numeric, text)
    _check(out, expected)
    assert peak < PEAK_BUDGET, f"{name}: peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize(("name", "raw", "expected"), BYTES, ids=[b[0] for b in BYTES])
def test_hostile_file(tmp_path, name, raw, expected):
    p = tmp_path / "upload.csv"
    p.write_bytes(raw)
    out, peak = _run(load_numeric, p)
    _check(out, expected)
    assert peak < PEAK_BUDGET


def test_two_gigabyte_sparse_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.csv"
    with open(p, "wb") as fh:
        fh.write(b"x\n1\n2\n")
        fh.truncate(2 * 1024**3)
    out, peak = _run(load_numeric, p)
    _check(out, "2,147.5 MB")
    assert peak < 1024 * 1024  # not a byte of it read


def test_endless_upload_without_a_size_stops_at_the_limit():
    class Endless:
        def read(self, n=-1):
            return b"1\n" * max(1, n // 2)

    out, peak = _run(load_numeric, Endless(), max_bytes=4 * 1024 * 1024)
    _check(out, "reading stopped")
    assert peak < PEAK_BUDGET


def test_an_upload_announcing_its_size_is_refused_unread():
    class Announced:
        size = 5 * 1024**3

        def read(self, n=-1):
            raise AssertionError("read although too large")

    out, _ = _run(load_numeric, Announced())
    _check(out, "5,368.7 MB")


def test_a_folder_is_not_a_file(tmp_path):
    out, _ = _run(load_numeric, tmp_path)
    _check(out, "not a regular file")


def test_a_fifo_is_not_read(tmp_path):
    import os

    p = tmp_path / "pipe"
    os.mkfifo(p)
    out, _ = _run(load_numeric, p)
    _check(out, "not a regular file")


def test_a_pasted_path_is_text_not_a_file(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("x\n1\n2\n")
    out, _ = _run(load_numeric, str(secret))
    _check(out, "only a header")  # the path's text itself, one line: never the file


@pytest.mark.parametrize(
    "text",
    ["<script>x</script>\na\nb\n", "**w**\n\u202eabc\nd\u0301\n", "word,count\n=HYPERLINK(1),3\nb,4\n"],
)
def test_hostile_labels_stay_plain_text(text):
    out = load_labels(text)
    (values,) = out.columns.values()
    assert all(isinstance(v, str) for v in values) and len(values) == 2


def test_there_are_at_least_forty_hostile_inputs():
    assert len(TEXTS) + len(BYTES) + 6 >= 40
