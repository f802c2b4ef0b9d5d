"""AppTest checks of the regression page: runs, theory lines, settings the core
refuses together (T < d + 2) (every control and hostile URL value: test_page_controls.py)."""

from __future__ import annotations

import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_ui.families import regression

PAGE = "pages/regression.py"
N_CHARTS = 3


open_page = page_opener(PAGE)


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def test_defaults_run_with_both_theory_lines(app: AppTest, chart_specs):
    open_page(app)
    assert not app.exception and not app.warning and not app.error
    specs = chart_specs(app)
    assert len(specs) == N_CHARTS and len(app.metric) == 4
    rep = trace(specs[0], "theory: replace (linear)")["y"]
    acc = trace(specs[0], "theory: accumulate")["y"]
    one = 10 / 89
    assert rep[0] == pytest.approx(1.0) and rep[-1] == pytest.approx(1 + 50 * one)
    assert acc[-1] < 1 + one * 1.65


def test_accumulate_shows_the_gerstgrasser_bound(app: AppTest, chart_specs):
    open_page(app, regime="accumulate")
    assert not app.exception and not app.error
    spec = chart_specs(app)[0]
    bound = trace(spec, "theory: Gerstgrasser et al.'s bound")["y"]
    exact = trace(spec, "theory: accumulate (bounded)")["y"]
    assert all(b >= e - 1e-12 for b, e in zip(bound, exact, strict=True))


def test_too_few_rows_for_the_dimension_is_explained(app: AppTest):
    top = next(
        p for p in regression.PARAMS if p.name == "dimension"
    ).high  # what the budget lets the slider offer
    assert top + 2 > 20
    open_page(app, dimension=str(top), sample_size="20")
    assert not app.exception
    assert (
        len(app.error) == 1
        and f"sample_size must be at least dimension + 2 = {top + 2}" in app.error[0].value
    )
    assert not app.get("plotly_chart")
