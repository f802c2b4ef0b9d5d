"""The provenance block every output carries: what produced it, so a user can tell why a link
did not reproduce a picture (a different numpy draws different numbers from the same seed)."""

from __future__ import annotations

import platform
from importlib import metadata

import numpy as np
import scipy

SCHEMA_VERSION = 1
PACKAGE = "model-collapse-explorer"
VERSION = "0.1.0"  # collapse_core.__version__; the installed metadata wins when there is one
BIT_GENERATOR = type(np.random.default_rng(0).bit_generator).__name__


def package_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # run from a checkout, not installed
        return VERSION


def block(config, *, seed, engine: str, budget=None) -> dict:
    """JSON-ready provenance of one run."""
    return {
        "schema_version": SCHEMA_VERSION,
        "package": PACKAGE,
        "package_version": package_version(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "bit_generator": BIT_GENERATOR,
        "family": getattr(config, "family", None),
        "config": config.asdict() if hasattr(config, "asdict") else config,
        "seed": seed,
        "engine": engine,
        "budget": budget.asdict() if hasattr(budget, "asdict") else budget,
    }
