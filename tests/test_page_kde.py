"""AppTest checks of the KDE page ("Kernel density: the spread inflates"): runs, theory on the
chart, controls change the URL and the charts, hostile URL values warn and fall back."""

from __future__ import annotations

import pytest
from conftest import page_opener, trace_names
from stats_helpers import url_after
from streamlit.testing.v1 import AppTest

from collapse_ui.families import kde

PAGE = "pages/kde.py"
DEFAULT_URL = {p.name: p.format(p.default) for p in kde.PARAMS}
N_CHARTS = 5


def key(name: str) -> str:
    return f"kde.{name}"


open_page = page_opener(PAGE)


names = trace_names


def test_defaults_run_with_charts_headlines_and_theory(app: AppTest, chart_specs):
    open_page(app)
    assert not app.exception and not app.warning and not app.error
    specs = chart_specs(app)
    assert len(specs) == N_CHARTS and len(app.metric) == 4
    assert [s["layout"]["title"]["text"] for s in specs][:2] == [
        "One chain's density, generation by generation", "Variance of the KDE, relative to the truth"]
    assert "truth (generation 0)" in names(specs[0]) and "generation 50" in names(specs[0])
    variance = names(specs[1])
    assert "theory: expected value" in variance and "theory: level M h² (fixed h)" in variance
    # fixed h = 0.3, M = 100: the expected variance heads for M h^2 = 9 times the truth's
    theory = next(t for t in specs[1]["data"] if t.get("name") == "theory: expected value")
    assert theory["y"][0] == pytest.approx(1.0) and 2.5 < theory["y"][-1] < 9


def test_mixture_truth_shows_two_modes_and_its_slider(app: AppTest, chart_specs):
    open_page(app, truth_shape="mixture", bandwidth_rule="silverman", generations="10")
    assert not app.exception and not app.error
    assert app.slider(key=key("separation")).value == pytest.approx(4.0)
    modes = next(m for m in app.metric if m.label == "Modes")
    assert "truth: 2" in modes.help


CHANGES = [
    ("bandwidth_rule", lambda at: at.radio(key=key("bandwidth_rule")).set_value("scott"), "scott"),
    ("bandwidth", lambda at: at.slider(key=key("bandwidth")).set_value(0.5), "0.50"),
    ("truth_shape", lambda at: at.radio(key=key("truth_shape")).set_value("mixture"), "mixture"),
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
    ("bandwidth_rule", "<script>alert(1)</script>"),
    ("bandwidth", "nan"),
    ("bandwidth", "-0"),
    ("bandwidth", "1" + "0" * 400),
    ("truth_shape", "cauchy"),
    ("separation", "inf"),
    ("sample_size", "abc"),
    ("generations", "0"),
    ("generations", "1e3"),
    ("regime", "collapse"),
    ("real_fraction", "1.5"),
    ("replicates", "100000"),
    ("seed", str(2**64)),
]


@pytest.mark.parametrize(("name", "value"), HOSTILE)
def test_hostile_query_value_warns_and_falls_back_to_the_default(app: AppTest, chart_specs, name, value):
    open_page(app, **{name: value})
    assert not app.exception and not app.error
    assert len(app.warning) == 1
    assert f"({name})" in app.warning[0].value
    # Out of range snaps to the nearest allowed value; unusable text falls back to the default.
    assert app.query_params[name] == url_after(kde.PARAMS, name, value)
    assert len(chart_specs(app)) == N_CHARTS


def test_too_large_request_explains_and_suggests(app: AppTest):
    open_page(app, regime="accumulate", sample_size="5000", generations="300", replicates="500")
    assert not app.exception
    assert len(app.error) == 1 and "too much work" in app.error[0].value
    assert app.info and "fewer" in app.info[0].value
    assert not app.get("plotly_chart")
