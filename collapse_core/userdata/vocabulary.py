"""A vocabulary from what the user gave: a column of labels (words), or label,count pairs.

Pairs are read when the table has two columns, the other one of numbers: each row's count is
how often its label occurs (with more columns, only the label column is read). A paste of words on one line is one word per token."""

from __future__ import annotations

import math

import numpy as np

from collapse_core.userdata import parse
from collapse_core.userdata.load import Loaded, table_of
from collapse_core.userdata.parse import DataError

COLUMN_NAME = "word"


def words_source(source):
    """A paste of words on one line as a column named COLUMN_NAME; anything else as given."""
    if isinstance(source, str) and "\n" not in source.strip() and len(source.split()) > 1:
        return "\n".join([COLUMN_NAME, *source.split()])
    return source


def load_vocabulary(source, column: str | None = None, *, max_bytes: int = parse.MAX_BYTES) -> Loaded:
    """Loaded with the label column (a tuple of str) and, for pairs, the count column."""
    try:
        table = table_of(words_source(source), max_bytes)
        numeric = table.numeric_names()
        name = column or next((n for n in table.names if n not in numeric), table.names[0])
        counts = next((n for n in numeric if n != name), None) if len(table.names) == 2 else None
        if counts is None:
            labels, note = parse.labels(table, name)
            return Loaded({name: labels}, tuple(n for n in (*table.notes, note) if n), table.names)
        out_labels, out_counts, dropped = [], [], 0
        for label, cell in zip(table.column(name), table.column(counts), strict=True):
            ok = label and parse._NUMBER.fullmatch(cell) and math.isfinite(float(cell))
            if not ok:
                dropped += 1
                continue
            if float(cell) < 0:
                raise DataError(f"column {counts!r} holds a negative count ({cell}); counts are 0 or more")
            out_labels.append(label)
            out_counts.append(float(cell))
    except (UnicodeError, OverflowError, MemoryError, RecursionError) as exc:
        raise DataError(f"the data cannot be read: {type(exc).__name__}") from None
    if len({lab for lab, c in zip(out_labels, out_counts, strict=True) if c > 0}) < 2:
        raise DataError(
            f"fewer than 2 labels of column {name!r} have a positive count: there is nothing to lose"
        )
    note = f"{dropped:,} rows without a label or a count dropped" if dropped else ""
    cols = {name: tuple(out_labels), counts: np.array(out_counts)}
    return Loaded(cols, tuple(n for n in (*table.notes, note) if n), table.names)
