"""AppTest checks of the multivariate Gaussian page: runs, controls, URL state, hostile values."""

from __future__ import annotations

import pytest
from conftest import page_opener, trace_names
from stats_helpers import url_after
from streamlit.testing.v1 import AppTest

from collapse_ui import multivariate
from collapse_ui.figures import mvn_ellipse, mvn_extremes, mvn_size, mvn_spectrum

PAGE = "pages/multivariate.py"
DEFAULT_URL = {p.name: p.format(p.default) for p in multivariate.PARAMS}
TITLES = [mvn_ellipse.TITLE, mvn_spectrum.TITLE, mvn_size.TRACE_TITLE, mvn_size.LOGDET_TITLE, mvn_extremes.TITLE,
          mvn_extremes.KL_TITLE]
N_CHARTS = len(TITLES)
SMALL = {"generations": "30", "replicates": "20"}


def key(name: str) -> str:
    return f"multivariate.{name}"


open_page = page_opener(PAGE)


names = trace_names


def test_defaults_run_with_every_chart_headlines_and_theory(app: AppTest, chart_specs):
    open_page(app)
    assert not app.exception and not app.warning and not app.error
    specs = chart_specs(app)
    assert [s["layout"]["title"]["text"] for s in specs] == TITLES
    assert len(app.metric) == 4
    assert "truth" in names(specs[0]) and any(n.startswith("generation ") for n in names(specs[0]))
    assert "theory: expected value" in names(specs[2])  # the trace's closed form
    assert "theory: expected value" in names(specs[3])  # the log-determinant's
    assert any("exact" in c.value for c in app.caption)


def test_higher_dimension_shows_the_whole_spectrum(app: AppTest, chart_specs):
    open_page(app, dimension="12", **SMALL)
    assert not app.exception and not app.error
    spectrum = chart_specs(app)[1]
    assert all(len(t["x"]) == 12 for t in spectrum["data"])


def test_singular_fits_from_fixed_real_points_reach_the_charts_without_an_exception(app: AppTest, chart_specs):
    # One fixed real point in 4-D, M = 5: subsamples of its copies give singular fits, often.
    open_page(app, dimension="4", sample_size="5", regime="accumulate-subsample", real_fraction="0.2",
              real_source="fixed", generations="30", replicates="500", seed="0")
    assert not app.exception and not app.error
    assert len(chart_specs(app)) == N_CHARTS and len(app.metric) == 4


CHANGES = [
    ("dimension", lambda at: at.slider(key=key("dimension")).set_value(5), "5"),
    ("condition_number", lambda at: at.select_slider(key=key("condition_number")).set_value(10), "10"),
    ("rotation", lambda at: at.slider(key=key("rotation")).set_value(-45.0), "-45"),
    ("sample_size", lambda at: at.select_slider(key=key("sample_size")).set_value(50), "50"),
    ("regime", lambda at: at.radio(key=key("regime")).set_value("accumulate"), "accumulate"),
    ("estimator", lambda at: at.radio(key=key("estimator")).set_value("unbiased"), "unbiased"),
    ("seed", lambda at: at.number_input(key=key("seed")).set_value(7), "7"),
]


@pytest.mark.parametrize(("name", "change", "url_value"), CHANGES, ids=[c[0] for c in CHANGES])
def test_each_control_changes_the_chart_data_and_the_url(app: AppTest, chart_specs, name, change, url_value):
    open_page(app, **SMALL)
    before = chart_specs(app)
    change(app).run()
    assert not app.exception and not app.error
    after = chart_specs(app)
    assert len(after) == N_CHARTS
    assert after != before, f"changing {name} left every chart as it was"
    assert app.query_params[name] == url_value


def test_sample_size_not_above_dimension_is_explained(app: AppTest):
    open_page(app, dimension="20", sample_size="20", **SMALL)
    assert not app.exception
    assert len(app.error) == 1 and "sample_size must exceed dimension (M > d)" in app.error[0].value
    assert not app.get("plotly_chart")


def test_too_large_request_explains_and_suggests(app: AppTest):
    open_page(app, dimension="50", sample_size="100", generations="2000", replicates="1000")
    assert not app.exception
    assert len(app.error) == 1 and "too much work" in app.error[0].value
    assert app.info and "fewer" in app.info[0].value


HOSTILE = [
    ("dimension", "1"),
    ("dimension", "51"),
    ("dimension", "abc"),
    ("dimension", "9" * 400),
    ("condition_number", "3"),  # in range, not a step
    ("condition_number", "nan"),
    ("rotation", "inf"),
    ("rotation", "-1e400"),
    ("estimator", "<script>alert(1)</script>"),
    ("regime", "collapse"),
    ("generations", "-0"),
    ("generations", "1e3"),
    ("sample_size", ""),
    ("real_fraction", "1.5"),
    ("seed", str(2**64)),
]


@pytest.mark.parametrize(("name", "value"), HOSTILE)
def test_hostile_query_value_warns_and_falls_back_to_the_default(app: AppTest, chart_specs, name, value):
    open_page(app, **{name: value})
    assert not app.exception and not app.error
    assert len(app.warning) == 1
    assert f"({name})" in app.warning[0].value
    # Out of range snaps to the nearest allowed value; unusable text falls back to the default.
    assert app.query_params[name] == url_after(multivariate.PARAMS, name, value)
    assert len(chart_specs(app)) == N_CHARTS


def test_preset_link_reproduces_its_picture(app: AppTest, chart_specs):
    from collapse_core.presets import get
    from collapse_ui import registry

    spec = registry.get("multivariate")
    values = spec.values_from_preset(get("mvn-spectrum"))
    query = {**spec.query(values), "generations": "20", "replicates": "20"}
    open_page(app, **query)
    assert not app.exception and not app.warning
    first = chart_specs(app)
    again = open_page(AppTest.from_file(app._script_path, default_timeout=60), **query)
    assert chart_specs(again) == first
    assert app.slider(key=key("dimension")).value == 20
