"""Optional packages: the core needs numpy and scipy only; a family or tool that needs more
says which extra to install, by name, instead of failing inside an import."""

from __future__ import annotations

import importlib

# extra -> (import name, package name) pairs; pyproject.toml's optional-dependencies install them.
EXTRAS = {
    "digits": (("sklearn", "scikit-learn"), ("threadpoolctl", "threadpoolctl")),
    "english": (("wordfreq", "wordfreq"),),
    "sweep": (("distributed", "dask[distributed]"), ("pandas", "pandas"), ("pyarrow", "pyarrow")),
    "pandas": (("pandas", "pandas"),),
}


class MissingExtra(ModuleNotFoundError):
    """An optional package is not installed; the message names it and the extra."""


def require(extra: str, what: str) -> None:
    """Raise MissingExtra unless every package of `extra` can be imported."""
    missing = [pkg for mod, pkg in EXTRAS[extra] if not _importable(mod)]
    if missing:
        raise MissingExtra(
            f"{what} needs {', '.join(missing)}: pip install 'model-collapse-explorer[{extra}]'",
            name=missing[0],
        )


def _importable(module: str) -> bool:
    try:  # imported now rather than looked up: the caller imports it next anyway
        importlib.import_module(module)
    except ImportError:
        return False
    return True
