"""The Gaussian page's remedy controls (weighting, self-correction): each changes the charts and
the URL; a weighting the other settings refuse is named in a message and stays switchable back;
hostile values fall back."""

from __future__ import annotations

import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

open_page = page_opener("pages/gaussian.py")
SMALL = {"generations": "30", "replicates": "20", "show_generation": "30", "real_fraction": "0.50"}


def key(name: str) -> str:
    return f"gaussian.{name}"


def test_optimal_weighting_changes_the_charts_and_the_url(app: AppTest, chart_specs):
    open_page(app, **SMALL)
    assert not app.exception and not app.error
    before = chart_specs(app)
    assert app.slider(key=key("real_weight")).disabled
    app.radio(key=key("weighting")).set_value("optimal").run()
    assert not app.exception and not app.error
    assert chart_specs(app) != before
    assert app.query_params["weighting"] == "optimal"


def test_the_weight_slider_moves_the_weighted_fit(app: AppTest, chart_specs):
    open_page(app, **SMALL, weighting="weighted")
    assert not app.slider(key=key("real_weight")).disabled
    before = chart_specs(app)
    app.slider(key=key("real_weight")).set_value(0.9).run()
    assert not app.exception and not app.error
    assert chart_specs(app) != before
    assert app.query_params["real_weight"] == "0.90"


def test_weighting_without_real_data_is_named_and_can_be_switched_back(app: AppTest, chart_specs):
    open_page(app, **{**SMALL, "real_fraction": "0"}, weighting="optimal")
    assert not app.exception
    assert "at least 2 real and 2 synthetic" in app.error[0].value
    radio = app.radio(key=key("weighting"))
    assert not radio.disabled
    radio.set_value("pool").run()
    assert not app.exception and not app.error
    assert len(chart_specs(app)) == 5


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("weighting", "golden", "pool"),
        ("real_weight", "2", "1.00"),
        ("real_weight", "0", "0.01"),
        ("correction", "-1", "0.00"),
        ("correction", "nan", "0.00"),
        ("verifier_width", "9", "6.0"),
        ("verifier_centre", "-7", "-3.0"),
    ],
)
def test_hostile_weighting_values_warn_and_fall_back(app: AppTest, name, value, expected):
    open_page(app, **SMALL, **{name: value})
    assert not app.exception and not app.error
    assert len(app.warning) == 1 and f"({name})" in app.warning[0].value
    assert app.query_params[name] == expected


def test_self_correction_holds_the_variance_up_and_says_so(app: AppTest, chart_specs):
    open_page(app, **{**SMALL, "real_fraction": "0"})
    before = chart_specs(app)
    app.slider(key=key("correction")).set_value(0.2).run()
    assert not app.exception and not app.error
    assert chart_specs(app) != before
    assert app.query_params["correction"] == "0.20"
    assert any("moved 20% of the way toward the truth" in c.value for c in app.caption)


def test_a_verifier_changes_the_charts_and_draws_its_large_sample_limit(app: AppTest, chart_specs):
    open_page(app, **{**SMALL, "real_fraction": "0"})
    assert app.slider(key=key("verifier_centre")).disabled
    before = chart_specs(app)
    app.slider(key=key("verifier_width")).set_value(1.5).run()
    assert not app.exception and not app.error
    after = chart_specs(app)
    assert after != before
    assert app.query_params["verifier_width"] == "1.5"
    names = [t.get("name", "") for t in after[0]["data"]]
    assert any("large-sample limit" in n for n in names), names
    assert any("verifier decides what survives" in c.value for c in app.caption)
