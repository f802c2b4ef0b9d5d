"""The classroom's static files (scripts and style sheets beside these modules), read as package
data through importlib.resources, once per process."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def text(name: str) -> str:
    """A file of this package (console.js, presentation.css, ...), as text."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
