"""Parsing pasted and uploaded tables: delimiters, headers, encodings, dropped cells."""

from __future__ import annotations

import io

import numpy as np
import pytest

from collapse_core.userdata import parse
from collapse_core.userdata.parse import DataError


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("h,w\n1,2\n3,4\n", ("h", "w")),
        ("h\tw\n1\t2\n3\t4\n", ("h", "w")),
        ("h;w\n1;2\n3;4\n", ("h", "w")),
        ("h|w\n1|2\n3|4\n", ("h", "w")),
        ("h w\n1 2\n3 4\n", ("h", "w")),
    ],
)
def test_delimiter_is_sniffed(text, names):
    t = parse.parse_text(text)
    assert t.names == names
    assert t.cells == (("1", "3"), ("2", "4"))


def test_no_header_names_the_columns_by_position():
    t = parse.parse_text("1,2\n3,4\n")
    assert t.names == ("column 1", "column 2")
    assert t.rows == 2


def test_numbers_pasted_on_one_line_are_one_column():
    t = parse.parse_text("1, 2; 3 4\t5")
    assert t.names == ("column 1",)
    values, note = parse.numeric(t, "column 1")
    np.testing.assert_array_equal(values, [1, 2, 3, 4, 5])
    assert note == ""


def test_bad_cells_are_dropped_and_counted():
    t = parse.parse_text("x\n1\n\nabc\nnan\n1e400\n2.5\n-inf\n3e-2\n")
    values, note = parse.numeric(t, "x")
    np.testing.assert_array_equal(values, [1, 2.5, 0.03])
    # the empty line is not a row; abc, nan and -inf are not numbers; 1e400 is too large
    assert note == "column 'x': 4 of 7 cells dropped (3 not numbers, 1 too large)"


def test_python_only_number_spellings_are_not_numbers():
    t = parse.parse_text("x\n1_000\n0x10\n 5 \n6\n")
    values, note = parse.numeric(t, "x")
    np.testing.assert_array_equal(values, [5, 6])
    assert "2 not numbers" in note


def test_quoted_cells_and_duplicate_names():
    t = parse.parse_text('"a",a\n"1",2\n"3",4\n')
    assert t.names == ("a", "a (2)")
    assert t.column("a") == ("1", "3")


def test_ragged_rows_are_noted():
    t = parse.parse_text("a,b\n1,2,9\n3\n5,6\n")
    assert t.column("b") == ("2", "", "6")
    assert any("more cells" in n for n in t.notes) and any("fewer cells" in n for n in t.notes)


def test_rows_of_several_columns_keep_only_complete_rows():
    t = parse.parse_text("x,y\n1,2\n3,\n5,6\nq,8\n")
    values, note = parse.numeric_rows(t, ["x", "y"])
    np.testing.assert_array_equal(values, [[1, 2], [5, 6]])
    assert note.startswith("2 of 4 rows dropped")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("x\n5\n5\n5\n", "constant"),
        ("x\n5\n", "at least 2"),
        ("x\n1e200\n1\n", "overflow"),
        ("x\n", "only a header"),
        ("", "empty"),
    ],
)
def test_unusable_columns_are_refused_by_name(text, needle):
    with pytest.raises(DataError, match=needle):
        parse.numeric(parse.parse_text(text), "x")


def test_missing_column_lists_the_columns():
    with pytest.raises(DataError, match=r"no column 'z'; the columns are 'x', 'y'"):
        parse.parse_text("x,y\n1,2\n").column("z")


@pytest.mark.parametrize(
    "raw",
    [
        b"h\n1\n2\n",
        "\ufeffh\n1\n2\n".encode(),
        "h\n1\n2\n".encode("utf-16"),  # with its byte-order mark
        "h\n1\n2\n".encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
)
def test_utf8_and_utf16_with_bom_are_read(raw):
    t = parse.parse_bytes(raw)
    assert t.names == ("h",) and t.column("h") == ("1", "2")


def test_latin1_is_refused_naming_the_byte():
    with pytest.raises(DataError, match=r"not UTF-8 text \(byte 0xE9 at position 3\)"):
        parse.parse_bytes("caf\xe9\n1\n2\n".encode("latin-1"))


def test_nul_bytes_are_refused_as_binary():
    with pytest.raises(DataError, match="NUL bytes"):
        parse.parse_bytes(b"x\n1\n\x00\x01\x02")


def test_reading_stops_at_the_limit_without_a_size():
    class Endless(io.RawIOBase):
        served = 0

        def readable(self):
            return True

        def readinto(self, b):
            b[: len(b)] = b"1\n" * (len(b) // 2) + b"1" * (len(b) % 2)
            self.served += len(b)
            return len(b)

    src = Endless()
    with pytest.raises(DataError, match="larger than"):
        parse.read_source(src, max_bytes=100_000)
    assert src.served <= 100_000 + (1 << 16)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    p = tmp_path / "big.csv"
    with open(p, "wb") as fh:
        fh.truncate(3_000_000)
    with pytest.raises(DataError, match=r"the file is 3\.0 MB; at most 1 MB is read"):
        parse.read_source(p, max_bytes=1_000_000)


def test_bidi_and_control_characters_leave_column_names():
    t = parse.parse_text("\u202eheight\u0007\n1\n2\n")
    assert t.names == ("height",)
