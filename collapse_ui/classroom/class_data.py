"""The class's data as a page's truth (no Streamlit): the prompts a teacher can ask, the key of a
data question, and `switch_truth`, the one place that hands the collected values to the data
store and gets back the hash a page's `data=<hash>` setting names.

The store is collapse_core.userdata.store when this build has it (`put_values(columns, name,
unit) -> hash`); without it the values are kept here, in the same content-addressed way, as one
JSON file in the data folder: <data folder>/userdata/<hash>.json, the hash being the SHA-256 of
the canonical JSON of {"columns", "name", "unit"} (sorted keys, no spaces, ASCII escapes),
deleted KEEP_S after it was last stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from collapse_ui.classroom.answers import default_path

USERDATA_FOLDER = "userdata"
KEEP_S = 30 * 24 * 3600  # the fallback's retention: a data set unused this long is deleted


@dataclass(frozen=True)
class Prompt:
    """What the phones are asked for: a number within [low, high] in `unit`, or a short word."""

    text: str
    kind: str  # "number" or "word"
    low: float = 0.0
    high: float = 1.0
    unit: str = ""


PROMPTS = {
    "height": Prompt("Your height in cm", "number", 50.0, 250.0, "cm"),
    "one_to_ten": Prompt("A number from 1 to 10", "number", 1.0, 10.0),
    "word": Prompt("Your favourite word", "word"),
}
FREE = "free"  # the teacher's own prompt


def question_key(page: str, prompt: Prompt) -> str:
    """The data question's key: the page and a hash of the prompt (a new prompt, a new question)."""
    digest = hashlib.sha256(repr(prompt).encode()).hexdigest()[:12]
    return f"{page}.data:{digest}"


def column_name(prompt: Prompt) -> str:
    """The column the class's values become: numbers are a measurement, words are labels."""
    return "value" if prompt.kind == "number" else "label"


def canonical(columns: dict, name: str, unit: str) -> bytes:
    """The bytes the hash is taken of (the store's own scheme)."""
    doc = {"columns": columns, "name": name, "unit": unit}
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_hash(columns: dict, name: str, unit: str) -> str:
    return hashlib.sha256(canonical(columns, name, unit)).hexdigest()


def userdata_store():
    """The data store module of this build, or None when it has none."""
    try:
        return importlib.import_module("collapse_core.userdata.store")
    except ImportError:
        return None


def fallback_folder() -> Path:
    return default_path().parent / USERDATA_FOLDER


def switch_truth(values, prompt: Prompt) -> str:
    """Store the class's values as a data set named by the prompt; return its hash."""
    if not values:
        raise ValueError("the class has sent no values yet")
    column = [float(v) for v in values] if prompt.kind == "number" else [str(v) for v in values]
    columns = {column_name(prompt): column}
    store = userdata_store()
    if store is not None:
        return store.put_values(columns, name=prompt.text, unit=prompt.unit)
    data = canonical(columns, prompt.text, prompt.unit)
    digest = hashlib.sha256(data).hexdigest()
    folder = fallback_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}.json"
    if not target.is_file():  # content-addressed: the same data is one file
        part = target.with_suffix(f".part-{os.getpid()}")
        part.write_bytes(data)
        os.replace(part, target)
    os.utime(target)  # stored again: kept KEEP_S from now
    _forget_old(folder, time.time() - KEEP_S)
    return digest


def _forget_old(folder: Path, cutoff: float) -> None:
    for old in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()
