"""AppTest checks of the regression page: runs, theory lines, controls, hostile URL values,
settings the core refuses together (T < d + 2)."""

from __future__ import annotations

import pytest
from conftest import page_opener
from stats_helpers import url_after
from streamlit.testing.v1 import AppTest

from collapse_ui.families import regression

PAGE = "pages/regression.py"
DEFAULT_URL = {p.name: p.format(p.default) for p in regression.PARAMS}
N_CHARTS = 3


def key(name: str) -> str:
    return f"regression.{name}"


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


CHANGES = [
    ("dimension", lambda at: at.slider(key=key("dimension")).set_value(5), "5"),
    ("noise", lambda at: at.slider(key=key("noise")).set_value(2.0), "2.0"),
    ("sample_size", lambda at: at.select_slider(key=key("sample_size")).set_value(50), "50"),
    ("generations", lambda at: at.slider(key=key("generations")).set_value(20), "20"),
    ("regime", lambda at: at.radio(key=key("regime")).set_value("accumulate"), "accumulate"),
    ("real_fraction", lambda at: at.slider(key=key("real_fraction")).set_value(0.2), "0.20"),
    ("seed", lambda at: at.number_input(key=key("seed")).set_value(7), "7"),
]


@pytest.mark.parametrize(("name", "change", "url_value"), CHANGES, ids=[c[0] for c in CHANGES])
def test_each_control_changes_the_chart_data_and_the_url(app: AppTest, chart_specs, name, change, url_value):
    open_page(app)
    before = chart_specs(app)
    change(app).run()
    assert not app.exception and not app.error
    after = chart_specs(app)
    assert len(after) == N_CHARTS
    assert after != before, f"changing {name} left every chart as it was"
    assert app.query_params[name] == url_value


HOSTILE = [
    ("dimension", "abc"),
    ("dimension", "51"),
    ("dimension", "-0"),
    ("noise", "nan"),
    ("noise", "0"),
    ("sample_size", "9" * 400),
    ("generations", "1e3"),
    ("regime", "<b>x</b>"),
    ("real_source", "[x](http://example.com)"),
    ("seed", "-1"),
]


@pytest.mark.parametrize(("name", "value"), HOSTILE)
def test_hostile_query_value_warns_and_falls_back_to_the_default(app: AppTest, chart_specs, name, value):
    open_page(app, **{name: value})
    assert not app.exception and not app.error
    assert len(app.warning) == 1
    assert f"({name})" in app.warning[0].value
    # Out of range snaps to the nearest allowed value; unusable text falls back to the default.
    assert app.query_params[name] == url_after(regression.PARAMS, name, value)
    assert len(chart_specs(app)) == N_CHARTS


def test_too_few_rows_for_the_dimension_is_explained(app: AppTest):
    top = next(p for p in regression.PARAMS if p.name == "dimension").high  # what the budget lets the slider offer
    assert top + 2 > 20
    open_page(app, dimension=str(top), sample_size="20")
    assert not app.exception
    assert len(app.error) == 1 and f"sample_size must be at least dimension + 2 = {top + 2}" in app.error[0].value
    assert not app.get("plotly_chart")
