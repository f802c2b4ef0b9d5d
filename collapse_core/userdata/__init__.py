"""Bring-your-own data: parsing pasted or uploaded tables (parse), a content-addressed store
(store) and the empirical truth drawn from a data set (truth)."""

from collapse_core.userdata.parse import DataError, Table, parse_bytes, parse_text, read_source
from collapse_core.userdata.store import Dataset, check_hash, get, put_values

__all__ = [
    "DataError",
    "Dataset",
    "Table",
    "check_hash",
    "get",
    "parse_bytes",
    "parse_text",
    "put_values",
    "read_source",
]
