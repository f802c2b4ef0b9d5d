"""Writing and reading a sweep's table: Parquet and CSV side by side, provenance as JSON (and in
the Parquet schema metadata)."""

from __future__ import annotations

import json
from pathlib import Path

META_KEY = b"collapse_sweep"
FORMATS = (".parquet", ".csv")


def paths_for(path) -> dict[str, Path]:
    """The Parquet, CSV and provenance paths for an output path ending in .parquet or .csv."""
    p = Path(path)
    if p.suffix not in FORMATS:
        raise ValueError(f"output must end in .parquet or .csv; got {str(path)!r}")
    stem = p.with_suffix("")
    return {
        "parquet": stem.with_suffix(".parquet"),
        "csv": stem.with_suffix(".csv"),
        "provenance": Path(f"{stem}.provenance.json"),
    }


def check_paths(path) -> dict[str, Path]:
    """paths_for(path), each checked by the package's output rule (collapse_core/safe_write.py)
    before any work: RefusedOutput for a link or a folder, OSError for an unusable name."""
    from collapse_core import safe_write

    out = paths_for(path)
    for p in out.values():
        safe_write.classify(p)
    return out


def write_table(df, provenance: dict, path) -> list[str]:
    """The three files, each written by the package's output rule: a new path or a regular
    file replaced atomically, a device or FIFO written through, a link refused (all three
    are checked before the first is written)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from collapse_core import safe_write

    out = check_paths(path)
    text = json.dumps(provenance, indent=1)
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), META_KEY: text.encode()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    safe_write.write_bytes(out["parquet"], sink.getvalue().to_pybytes())
    safe_write.write_text(out["csv"], df.to_csv(index=False, float_format="%.17g"))
    safe_write.write_text(out["provenance"], text + "\n")
    return [str(out["parquet"]), str(out["csv"]), str(out["provenance"])]


def read_table(path):
    """(DataFrame, provenance dict or None) from a written Parquet or CSV file."""
    import pandas as pd
    import pyarrow.parquet as pq

    out = paths_for(path)
    p = Path(path)
    if p.suffix == ".parquet":
        table = pq.read_table(p)
        meta = (table.schema.metadata or {}).get(META_KEY)
        return table.to_pandas(), (json.loads(meta) if meta else None)
    prov = json.loads(out["provenance"].read_text()) if out["provenance"].exists() else None
    return pd.read_csv(p), prov
