"""CSV cells a spreadsheet will not run: text starting with =, +, -, @ (or a tab or carriage
return) is written with a single quote in front (the OWASP rule for CSV injection). Numbers
are numbers, whatever their sign, and stay as they are."""

from __future__ import annotations

import csv
import io
import re

_DANGER = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?inf|nan")


def cell(value):
    """The value as a safe CSV cell: text that a spreadsheet would read as a formula is quoted."""
    if isinstance(value, str) and value.startswith(_DANGER) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows pass through cell()."""

    def __init__(self, buf, **kwargs):
        self._w = csv.writer(buf, **kwargs)

    def writerow(self, row) -> None:
        self._w.writerow([cell(v) for v in row])


def writer(buf: io.TextIOBase, **kwargs) -> SafeWriter:
    return SafeWriter(buf, **kwargs)


def columns_csv(columns: dict) -> str:
    """A table as CSV text: a header of the column names, then one row per value."""
    buf = io.StringIO()
    w = writer(buf, lineterminator="\n")
    w.writerow(list(columns))
    for row in zip(*columns.values(), strict=True):
        w.writerow([repr(float(v)) if not isinstance(v, str) else v for v in row])
    return buf.getvalue()
