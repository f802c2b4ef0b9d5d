"""`simulate --data FILE --column NAME`: a file's column(s) as the truth of the chain.

The column(s) are stored in the data folder's content-addressed store, and the config's
`data` field carries the hash (so the output's provenance reruns with `--from` while the data
is kept)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from collapse_core.userdata import store
from collapse_core.userdata.load import load_numeric
from collapse_core.userdata.vocabulary import load_vocabulary

DESTS = ("data_file", "data_column", "data_name", "data_unit")


def add_arguments(sim: argparse.ArgumentParser) -> None:
    S = argparse.SUPPRESS
    g = sim.add_argument_group(
        "your data", "a CSV/TSV file's column as the truth (families with a data setting)"
    )
    g.add_argument(
        "--data",
        dest="data_file",
        metavar="FILE",
        default=S,
        help="CSV or TSV file (UTF-8, or UTF-16 with its byte-order mark); its values are resampled with replacement",
    )
    g.add_argument(
        "--column",
        "--columns",
        dest="data_column",
        metavar="NAME",
        default=S,
        help="the column to use (several: comma-separated); default: the first column of numbers",
    )
    g.add_argument("--data-name", dest="data_name", metavar="TEXT", default=S, help="what the values measure")
    g.add_argument("--data-unit", dest="data_unit", metavar="TEXT", default=S, help="their unit, e.g. cm")


def split(given: dict) -> tuple[dict, dict]:
    """(the options of this group, the other options)."""
    mine = {k: given[k] for k in DESTS if k in given}
    return mine, {k: v for k, v in given.items() if k not in DESTS}


def apply(mine: dict, fam, fields: dict) -> dict:
    """fields with `data` set to the stored hash of the file's column(s); ValueError (a
    DataError or a usage problem) names what is wrong."""
    if not mine:
        return fields
    if "data_file" not in mine:
        raise ValueError("--column, --data-name and --data-unit need --data FILE")
    if "data" not in {f.name for f in dataclasses.fields(fam.config)}:
        raise ValueError(f"--data: the {fam.name} family does not take your data yet")
    column = mine.get("data_column")
    columns = [c.strip() for c in column.split(",")] if column else None
    if fam.name == "categorical":  # a vocabulary: a column of labels, or label,count pairs
        loaded = load_vocabulary(Path(mine["data_file"]), columns[0] if columns else None)
    else:
        loaded = load_numeric(Path(mine["data_file"]), columns)
    name = mine.get("data_name") or next(iter(loaded.columns))
    try:
        h = store.put_values(loaded.columns, name, mine.get("data_unit", ""))
    except OSError as exc:
        raise ValueError(f"--data: cannot keep the data in the data folder ({exc.strerror or exc})") from None
    return {**fields, "data": h}
