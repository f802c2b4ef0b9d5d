"""The `data` setting: the hash of a stored data set, or "" for the page's built-in truth."""

from __future__ import annotations

from dataclasses import dataclass

from collapse_core.userdata import store
from collapse_core.userdata.parse import DataError
from collapse_ui.params import Param

BUILT_IN = "the built-in truth"


@dataclass(frozen=True, kw_only=True)
class DataParam(Param):
    """A link's data set; a malformed or expired hash is a problem the page names, and the page
    falls back to its built-in truth."""

    def parse(self, text: str) -> str:
        if not text.strip():
            return ""
        try:
            h = store.check_hash(text)
        except DataError:
            raise ValueError("is not a data hash (64 hexadecimal characters)") from None
        if store.get(h) is None:
            raise ValueError(
                f"names no data set stored here: it may have expired ({store.retention_words()})"
            )
        return h

    def show(self, value: str) -> str:
        return f"data set {value[:12]}" if value else BUILT_IN


DATA = DataParam(
    name="data",
    label="Your data",
    default="",
    optional=True,  # an ordinary link stays as it was
    help="The hash of a data set you uploaded or pasted: the truth the chain starts from.",
)
