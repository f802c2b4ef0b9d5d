"""Where the app keeps what it stores between runs (class-room answers, uploaded data).

$COLLAPSE_DATA_DIR when set; else .data/ in the checkout (a folder holding app.py); else, for
an installed package whose folder may not be writable, the user's data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "COLLAPSE_DATA_DIR"


def data_dir() -> Path:
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "app.py").is_file():
        return checkout / ".data"
    user = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return user / "model-collapse-explorer"
