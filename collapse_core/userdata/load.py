"""From whatever the user gave (a path, an upload, bytes or pasted text) to the values a family
needs, or a DataError with one clear message: the one door every caller uses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.userdata import parse
from collapse_core.userdata.parse import DataError


@dataclass(frozen=True)
class Loaded:
    """Values of the picked column(s) and what was adjusted on the way in."""

    columns: dict  # name -> float array, or tuple of labels
    notes: tuple[str, ...]
    available: tuple[str, ...]  # every column of the table, for a picker


def table_of(source, max_bytes: int = parse.MAX_BYTES) -> parse.Table:
    """str is always pasted text, never a file name (a paste must not read the server's
    files); a file is an os.PathLike (pathlib.Path) or a binary file-like object."""
    if isinstance(source, str):
        if len(source) > max_bytes:
            raise DataError(f"the pasted text is longer than {max_bytes / 1e6:,.0f} million characters")
        return parse.parse_text(source)
    if isinstance(source, (bytes, bytearray)):
        if len(source) > max_bytes:
            raise DataError(f"the file is larger than {max_bytes / 1e6:,.0f} MB")
        return parse.parse_bytes(bytes(source))
    return parse.parse_bytes(parse.read_source(source, max_bytes))


def load_numeric(source, columns=None, *, max_bytes: int = parse.MAX_BYTES, min_rows: int = parse.MIN_ROWS):
    """Loaded with the named numeric columns (rows complete in all of them); none named: the
    first column that holds numbers."""
    try:
        table = table_of(source, max_bytes)
        if isinstance(columns, str):
            columns = [columns]
        if not columns:
            numeric = table.numeric_names()
            if not numeric:
                raise DataError(f"no column holds at least {parse.MIN_ROWS} numbers")
            columns = [numeric[0]]
        if len(columns) == 1:
            values, note = parse.numeric(table, columns[0], min_rows)
            cols = {columns[0]: values}
        else:
            rows, note = parse.numeric_rows(table, columns, min_rows)
            cols = {n: np.ascontiguousarray(rows[:, j]) for j, n in enumerate(columns)}
    except (UnicodeError, OverflowError, MemoryError, RecursionError) as exc:
        raise DataError(f"the data cannot be read: {type(exc).__name__}") from None
    notes = tuple(n for n in (*table.notes, note) if n)
    return Loaded(columns=cols, notes=notes, available=table.names)


def load_labels(source, column=None, *, max_bytes: int = parse.MAX_BYTES):
    """Loaded with one column of labels (the first column when none is named)."""
    table = table_of(source, max_bytes)
    name = column or table.names[0]
    values, note = parse.labels(table, name)
    return Loaded(
        columns={name: values}, notes=tuple(n for n in (*table.notes, note) if n), available=table.names
    )
