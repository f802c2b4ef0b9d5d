"""The family registry: the one list that simulate(), the CLI, presets and budgets read.

Adding a family is one line in BUILTIN (or `register(family)` from outside, e.g. a test or a
plug-in package). Nothing else shared names a family.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

from collapse_core.family import Family

# Modules that define `FAMILY`, in display order. The one place a built-in family is listed.
BUILTIN = (
    "collapse_core.gaussian.family",
    "collapse_core.categorical.family",
    "collapse_core.text.family",
    "collapse_core.multivariate.family",
    "collapse_core.mixture.family",
    "collapse_core.digits.family",
    "collapse_core.kde.family",
    "collapse_core.regression.family",
)

# The table is published whole: readers take the current dict without a lock and never see
# one being filled. Loading and every change happen under the lock (re-entrant: a family
# module may use the registry while it is imported during loading, on the loading thread).
_lock = threading.RLock()
_table: dict[str, Family] | None = None  # None until every built-in family is in
_filling: dict[str, Family] | None = None  # the table being loaded (seen only by the loader)


def _families() -> dict[str, Family]:
    """The loaded table (loading it on first use). Never mutated once published."""
    global _filling, _table
    table = _table
    if table is not None:
        return table
    with _lock:
        if _table is not None:
            return _table
        if _filling is not None:  # the loading thread, re-entered from a family's import
            return _filling
        _filling = {}
        try:
            for module in BUILTIN:
                _add(_filling, importlib.import_module(module).FAMILY)
            _table = _filling
        finally:
            _filling = None  # a failed load leaves nothing half-filled: the next use retries
        return _table


def _add(table: dict[str, Family], family: Family) -> None:
    if family.name in table and table[family.name] is not family:
        raise ValueError(f"family {family.name!r} is already registered")
    table[family.name] = family


def _change(edit: Callable[[dict[str, Family]], None]) -> None:
    """Apply `edit` to a copy of the table and publish the copy (or to the table being loaded)."""
    global _table
    with _lock:
        current = _families()
        if _filling is not None:
            edit(_filling)
            return
        table = dict(current)
        edit(table)
        _table = table


def register(family: Family) -> Family:
    """Add a family (its presets join the preset registry). Returns it, for decorator-like use."""
    _change(lambda table: _add(table, family))
    return family


def unregister(name: str) -> None:
    """Remove a family (tests that register a toy family clean up with this)."""
    _change(lambda table: table.pop(name, None))


def all_families() -> dict[str, Family]:
    return dict(_families())


def names() -> tuple[str, ...]:
    return tuple(_families())


def get(name: str) -> Family:
    table = _families()
    if name not in table:
        raise ValueError(f"unknown family {name!r}; known families: {', '.join(table)}")
    return table[name]


def of(cfg) -> Family:
    """The family of a config object (by its class attribute `family`)."""
    name = getattr(type(cfg), "family", None)
    fam = _families().get(name) if isinstance(name, str) else None
    if fam is None or not isinstance(cfg, fam.config):
        raise TypeError(f"no family handles a {type(cfg).__name__}")
    return fam
