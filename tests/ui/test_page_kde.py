"""AppTest checks of the KDE page ("Kernel density: the spread inflates"): runs, theory on the
chart, the budget (every control and hostile URL value: test_page_controls.py)."""

from __future__ import annotations

import pytest
from conftest import page_opener, trace_names
from streamlit.testing.v1 import AppTest

PAGE = "pages/kde.py"
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
        "One chain's density, generation by generation",
        "Variance of the KDE, relative to the truth",
    ]
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


def test_too_large_request_explains_and_suggests(app: AppTest):
    open_page(app, regime="accumulate", sample_size="5000", generations="300", replicates="500")
    assert not app.exception
    assert len(app.error) == 1 and "too much work" in app.error[0].value
    assert app.info and "fewer" in app.info[0].value
    assert not app.get("plotly_chart")
