"""Serve the app: preload every page's defaults (and, in the background, every preset), then
`streamlit run app.py` in this same process, so the script finds it all in memory.

    python -m collapse_ui.serve [--no-preload] [streamlit run options, e.g. --server.port 8501]
    collapse-explorer [...]      the same, from an installed package (pip install '.[app]')

It installs every patch of Streamlit and Plotly first (collapse_ui/patches.py), among them
Streamlit's page served with a hint to fetch the chart library at once.

make run, make serve-many and the benchmarks start the app this way. Plain `streamlit run
app.py` still works; it just computes each page's first picture on its first visit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# A checkout keeps app.py, pages/ and .streamlit/ at its top; an installed wheel carries the
# same files inside the package (pyproject.toml's force-include).
ROOT = PACKAGE.parent if (PACKAGE.parent / "app.py").is_file() else PACKAGE / "_app"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    preload_on = "--no-preload" not in args
    args = [a for a in args if a != "--no-preload"]
    os.chdir(ROOT)  # .streamlit/config.toml is read from the working directory
    from collapse_core import allocator

    allocator.keep_freed_memory()  # before the preload's runs: see collapse_core/allocator.py
    from collapse_ui import patches

    # Every patch (collapse_ui/patches.py), before the preload (it warms what is sent) and before
    # the first session (legacy pages mode) and the server (the hinted static folder).
    patches.install(static_folder=True)
    if preload_on:
        from collapse_ui import preload

        preload.start(background_presets=True)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *args]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
