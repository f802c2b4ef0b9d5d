"""The family registry: the one list that simulate(), the CLI, presets and budgets read.

Adding a family is one line in BUILTIN (or `register(family)` from outside, e.g. a test or a
plug-in package). Nothing else shared names a family.
"""

from __future__ import annotations

import importlib

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

_REGISTRY: dict[str, Family] = {}
_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN:
        register(importlib.import_module(module).FAMILY)


def register(family: Family) -> Family:
    """Add a family (its presets join the preset registry). Returns it, for decorator-like use."""
    _load()
    if family.name in _REGISTRY and _REGISTRY[family.name] is not family:
        raise ValueError(f"family {family.name!r} is already registered")
    _REGISTRY[family.name] = family
    return family


def unregister(name: str) -> None:
    """Remove a family (tests that register a toy family clean up with this)."""
    _load()
    _REGISTRY.pop(name, None)


def all_families() -> dict[str, Family]:
    _load()
    return dict(_REGISTRY)


def names() -> tuple[str, ...]:
    _load()
    return tuple(_REGISTRY)


def get(name: str) -> Family:
    _load()
    if name not in _REGISTRY:
        raise ValueError(f"unknown family {name!r}; known families: {', '.join(_REGISTRY)}")
    return _REGISTRY[name]


def of(cfg) -> Family:
    """The family of a config object (by its class attribute `family`)."""
    name = getattr(type(cfg), "family", None)
    _load()
    fam = _REGISTRY.get(name) if isinstance(name, str) else None
    if fam is None or not isinstance(cfg, fam.config):
        raise TypeError(f"no family handles a {type(cfg).__name__}")
    return fam
