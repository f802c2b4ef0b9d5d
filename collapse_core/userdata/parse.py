"""CSV, TSV and pasted text -> named columns, with a plain message for every refusal.

Rules:
- bytes are read in pieces and reading stops at `max_bytes` (a file's size is checked before
  the first byte is read), so a huge file is refused without being read whole;
- text must be UTF-8 (a byte-order mark is allowed), or UTF-16 with its byte-order mark;
  anything else, and any NUL byte (a binary file), is refused;
- the delimiter is the one of tab, comma, semicolon and bar that splits the lines into the
  most consistent number of cells (whitespace when none of them appears);
- the first row is a header when any of its cells is not a number;
- a numeric column keeps its finite numbers; empty, non-numeric, NaN and infinite cells are
  dropped and counted in a note; a column with fewer than `min_rows` numbers, a constant
  column, or numbers so large that their squares overflow, is refused.
"""

from __future__ import annotations

import io
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_NAME = 80
MIN_ROWS = 2
# Squares of larger numbers overflow float64 when summed: refused rather than turned into inf.
MAX_ABS = 1e150
DELIMITERS = ("\t", ",", ";", "|")
# ASCII digits only: \d and float() also take other scripts' digits, which a table does not mean.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_CHUNK = 1 << 16


class DataError(ValueError):
    """Input that cannot become data; the message names the problem and what to do."""


@dataclass(frozen=True)
class Table:
    """Cells as text, by column. `notes` says what was adjusted on the way in."""

    names: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]  # one tuple per column, all of the same length
    notes: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def column(self, name: str) -> tuple[str, ...]:
        if name not in self.names:
            raise DataError(f"there is no column {name!r}; the columns are {_listing(self.names)}")
        return self.cells[self.names.index(name)]

    def numeric_names(self) -> tuple[str, ...]:
        """Columns with at least MIN_ROWS numbers (worth offering for a numeric family)."""
        return tuple(n for n, c in zip(self.names, self.cells, strict=True) if _count_numbers(c) >= MIN_ROWS)


def _listing(names) -> str:
    shown = ", ".join(repr(n) for n in names[:10])
    return shown + (f" and {len(names) - 10} more" if len(names) > 10 else "")


def _count_numbers(cells) -> int:
    return sum(1 for c in cells if _NUMBER.fullmatch(c.strip()))


def read_source(source, max_bytes: int = MAX_BYTES) -> bytes:
    """Bytes of a path or a binary file-like object, refused past `max_bytes` (never read whole)."""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            size = os.stat(path).st_size
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
        if not os.path.isfile(path):
            raise DataError(f"{path} is not a regular file")
        if size > max_bytes:
            raise DataError(_too_big(size, max_bytes))
        with open(path, "rb") as fh:
            return _read_limited(fh, max_bytes)
    size = getattr(source, "size", None)  # an upload object knows its size before it is read
    if isinstance(size, int) and size > max_bytes:
        raise DataError(_too_big(size, max_bytes))
    return _read_limited(source, max_bytes)


def _too_big(size: int, limit: int) -> str:
    return (
        f"the file is {size / 1e6:,.1f} MB; at most {limit / 1e6:,.0f} MB is read: "
        "keep the column(s) you need, or a sample of the rows"
    )


def _read_limited(fh, max_bytes: int) -> bytes:
    buf = io.BytesIO()
    while True:
        piece = fh.read(min(_CHUNK, max_bytes + 1 - buf.tell()))
        if not piece:
            return buf.getvalue()
        buf.write(piece)
        if buf.tell() > max_bytes:
            raise DataError(f"the file is larger than {max_bytes / 1e6:,.0f} MB; reading stopped there")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without its byte-order mark) or UTF-16 with its mark; else DataError."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            raise DataError("the file is UTF-32 text; save it as UTF-8")
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(
                "the file starts like UTF-16 text but is not valid UTF-16; save it as UTF-8"
            ) from None
    else:
        if b"\x00" in raw:
            raise DataError("the file holds NUL bytes: it is not a text file (CSV or TSV)")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} at position {exc.start}); "
                "save it as UTF-8 (a spreadsheet's 'CSV UTF-8')"
            ) from None
    if "\x00" in text:
        raise DataError("the text holds NUL characters: it is not a text file (CSV or TSV)")
    return text


def parse_bytes(raw: bytes) -> Table:
    return parse_text(decode(raw))


# Every line break str.splitlines knows, found one at a time so no copy of the text is made.
_EOL = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _lines(text: str) -> list[str]:
    """Non-blank lines, refused as soon as there are too many."""
    lines = []
    pos, end = 0, len(text)
    while pos < end:
        m = _EOL.search(text, pos)
        stop, nxt = (m.start(), m.end()) if m else (end, end)
        if not text[pos:stop].isspace() and stop > pos:
            lines.append(text[pos:stop])
            if len(lines) > MAX_ROWS + 1:
                raise DataError(f"the data has more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are read")
        pos = nxt
    return lines


def sniff(lines: list[str]) -> str | None:
    """The delimiter whose cell count is the same on most lines (ties: the larger count);
    None means whitespace."""
    best, best_score = None, (0, 0)
    sample = lines[:200]
    for d in DELIMITERS:
        counts = [ln.count(d) for ln in sample]
        if not any(counts):
            continue
        mode = max(set(counts), key=counts.count)
        score = (counts.count(mode), mode)
        if mode and score > best_score:
            best, best_score = d, score
    return best


def _split(line: str, delim: str | None) -> list[str]:
    if delim is None:
        return line.split()
    cells = line.split(delim)
    return [_unquote(c.strip()) for c in cells]


def _unquote(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


def _clean_name(name: str, index: int) -> str:
    # Control and bidi-override characters cannot be seen and would reorder what is shown.
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf")).strip()
    return (name[:MAX_NAME] or f"column {index + 1}").strip()


def parse_text(text: str) -> Table:
    """Text (a file's or a paste's) -> Table. A paste of numbers on one line is one column."""
    if not isinstance(text, str):
        raise DataError(f"expected text; got {type(text).__name__}")
    if "\x00" in text:
        raise DataError("the text holds NUL characters: it is not a text file (CSV or TSV)")
    lines = _lines(text)
    if not lines:
        raise DataError("there is no data: the text is empty")
    if len(lines) == 1:
        cells = [c for c in re.split(r"[\s,;|]+", lines[0]) if c]
        if len(cells) > 1 and all(_NUMBER.fullmatch(c) for c in cells):
            lines = cells  # "1, 2, 3" pasted on one line: one column of values
    delim = sniff(lines)
    first = _split(lines[0], delim)
    header = any(c.strip() and not _NUMBER.fullmatch(c.strip()) for c in first)
    if header:
        names_raw, start = first, 1
    else:
        widest = max(len(_split(ln, delim)) for ln in lines[:200])
        names_raw, start = [f"column {i + 1}" for i in range(widest)], 0
    width = len(names_raw)
    if width > MAX_COLUMNS:
        raise DataError(f"the data has {width:,} columns; at most {MAX_COLUMNS} are read")
    if start >= len(lines):
        raise DataError("there is only a header row: no values below it")
    columns: list[list[str]] = [[] for _ in range(width)]
    long_rows = short_rows = 0
    for i in range(start, len(lines)):
        row = _split(lines[i], delim)
        lines[i] = ""  # let the line go as soon as its cells are kept
        if len(row) > width:
            long_rows += 1
        elif len(row) < width:
            short_rows += 1
            row += [""] * (width - len(row))
        for col, cell in zip(columns, row, strict=False):
            col.append(cell.strip())
    notes = []
    if long_rows:
        notes.append(f"{long_rows:,} rows had more cells than the header; the extra cells were ignored")
    if short_rows:
        notes.append(f"{short_rows:,} rows had fewer cells than the header; the missing cells count as empty")
    names = _unique([_clean_name(n, i) for i, n in enumerate(names_raw)])
    return Table(names=tuple(names), cells=tuple(tuple(c) for c in columns), notes=tuple(notes))


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = seen.get(n, 0)
        seen[n] = k + 1
        out.append(n if k == 0 else f"{n} ({k + 1})")
    return out


def numeric(table: Table, name: str, min_rows: int = MIN_ROWS) -> tuple[np.ndarray, str]:
    """(finite values, note) of one column; DataError when it cannot be a data set."""
    values, note = _numbers(table.column(name), name)
    try:
        _check_usable(values, name, min_rows)
    except DataError as exc:
        raise DataError(f"{exc}{' (' + note + ')' if note and values.size < min_rows else ''}") from None
    return values, note


def numeric_rows(table: Table, names, min_rows: int = MIN_ROWS) -> tuple[np.ndarray, str]:
    """(rows, len(names)) array of the rows where every named column holds a finite number."""
    names = list(names)
    if not names:
        raise DataError("pick at least one column")
    cols = [table.column(n) for n in names]
    keep = [all(_finite_number(c[i]) for c in cols) for i in range(table.rows)]
    dropped = keep.count(False)
    values = np.array([[float(c[i]) for c in cols] for i in range(table.rows) if keep[i]], dtype=float)
    values = values.reshape(-1, len(names))
    for j, n in enumerate(names):
        _check_usable(values[:, j], n, min_rows)
    note = (
        f"{dropped:,} of {table.rows:,} rows dropped (a cell empty or not a finite number)" if dropped else ""
    )
    return values, note


def _finite_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell)) and math.isfinite(float(cell))


def _numbers(cells, name: str) -> tuple[np.ndarray, str]:
    empty = bad = infinite = 0
    out = []
    for c in cells:
        if not c:
            empty += 1
        elif not _NUMBER.fullmatch(c):
            bad += 1
        else:
            v = float(c)
            if math.isfinite(v):
                out.append(v)
            else:
                infinite += 1
    parts = [
        f"{k:,} {what}" for k, what in ((empty, "empty"), (bad, "not numbers"), (infinite, "too large")) if k
    ]
    note = f"column {name!r}: {empty + bad + infinite:,} of {len(cells):,} cells dropped ({', '.join(parts)})"
    return np.array(out, dtype=float), (note if parts else "")


def _check_usable(values: np.ndarray, name: str, min_rows: int) -> None:
    if values.size < min_rows:
        raise DataError(
            f"column {name!r} has {values.size:,} number{'s' if values.size != 1 else ''}; "
            f"at least {min_rows:,} are needed"
        )
    big = float(np.max(np.abs(values)))
    if big > MAX_ABS:
        raise DataError(
            f"column {name!r} holds {big:.3g}: numbers beyond {MAX_ABS:.0e} overflow when squared; "
            "rescale the column (e.g. change its unit)"
        )
    if float(values.min()) == float(values.max()):
        raise DataError(f"column {name!r} is constant ({values[0]:g} everywhere): it has no spread to lose")


def labels(table: Table, name: str, min_rows: int = MIN_ROWS) -> tuple[tuple[str, ...], str]:
    """(non-empty labels, note) of one column."""
    cells = table.column(name)
    out = tuple(c for c in cells if c)
    if len(out) < min_rows:
        raise DataError(f"column {name!r} has {len(out):,} labels; at least {min_rows:,} are needed")
    if len(set(out)) < 2:
        raise DataError(f"column {name!r} holds one label only: there is nothing to lose")
    empty = len(cells) - len(out)
    return out, (f"column {name!r}: {empty:,} empty cells dropped" if empty else "")
