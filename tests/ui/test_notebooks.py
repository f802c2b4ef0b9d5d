"""The example notebooks (docs/examples/*.ipynb) run from top to bottom in a real Jupyter
kernel (nbclient + ipykernel), so they cannot rot: a cell that raises, or one of their own
checks against theory that fails, fails this test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "docs" / "examples").glob("*.ipynb"))


def test_there_is_a_notebook_per_audience():
    assert {p.stem for p in NOTEBOOKS} >= {"researcher", "teacher"}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    import nbclient  # dev requirements: a missing one fails, never skips
    import nbformat

    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    errors = [
        o
        for c in book.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors == []
