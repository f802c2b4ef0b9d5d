"""AppTest checks of the app frame and the Gaussian page: runs, controls, URL state, errors
(the shared control and hostile-URL cases: test_page_controls.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from collapse_ui.families import gaussian

PAGES = ["pages/gaussian.py", "pages/categorical.py", "pages/about.py"]
DEFAULT_URL = {p.name: p.format(p.default) for p in gaussian.PARAMS if not p.optional}


def key(name: str) -> str:
    return f"gaussian.{name}"


@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_runs_without_exception(app: AppTest, page_path: str):
    app.run()
    assert not app.exception
    app.switch_page(page_path).run()
    assert not app.exception
    assert app.title[0].value == "Model Collapse Explorer"


def test_default_page_shows_engine_metrics_and_four_charts(app: AppTest, chart_specs):
    app.run()
    assert not app.exception and not app.warning and not app.error
    assert len(chart_specs(app)) == 5
    assert len(app.metric) == 4
    assert any("Engine: **exact**" in c.value for c in app.caption)
    assert dict(app.query_params) == DEFAULT_URL


def test_real_source_changes_the_chart_data_when_real_data_is_mixed_in(app: AppTest, chart_specs):
    app.query_params["real_fraction"] = "0.5"
    app.run()
    assert not app.radio(key=key("real_source")).disabled
    before = chart_specs(app)
    app.radio(key=key("real_source")).set_value("fixed").run()
    assert chart_specs(app) != before
    assert app.query_params["real_source"] == "fixed"


def test_new_seed_button_draws_a_new_seed_and_new_data(app: AppTest, chart_specs):
    app.run()
    before = chart_specs(app)
    app.button(key=key("seed.new")).click().run()
    seed = app.number_input(key=key("seed")).value
    assert seed != 1 and app.query_params["seed"] == str(seed)
    assert chart_specs(app) != before


def test_axis_choice_switches_the_variance_axis(app: AppTest, chart_specs):
    app.run()
    assert app.radio(key=key("log_y")).value == "auto"
    assert chart_specs(app)[0]["layout"]["yaxis"].get("type") == "linear"  # the default run: < 2 decades
    app.radio(key=key("log_y")).set_value("log").run()
    assert chart_specs(app)[0]["layout"]["yaxis"]["type"] == "log"
    app.radio(key=key("log_y")).set_value("linear").run()
    assert chart_specs(app)[0]["layout"]["yaxis"]["type"] == "linear"


def test_a_long_run_gets_a_log_axis_automatically_and_the_viewer_can_still_force_linear(
    app: AppTest, chart_specs
):
    """generations=5000&sample_size=2 drew a blank linear chart: its median falls by hundreds of decades."""
    app.query_params.update({"generations": "5000", "sample_size": "2", "replicates": "20"})
    app.run()
    assert not app.exception
    assert chart_specs(app)[0]["layout"]["yaxis"]["type"] == "log"
    app.radio(key=key("log_y")).set_value("linear").run()
    assert chart_specs(app)[0]["layout"]["yaxis"]["type"] == "linear"
    assert app.query_params["log_y"] == "linear"


@pytest.mark.parametrize(("old", "new"), [("1", "log"), ("0", "linear"), ("true", "log"), ("off", "linear")])
def test_old_links_log_toggle_values_still_read(app: AppTest, old, new):
    app.query_params["log_y"] = old
    app.run()
    assert not app.warning
    assert app.radio(key=key("log_y")).value == new and app.query_params["log_y"] == new


@pytest.mark.parametrize(("picker", "expected"), [(None, 600), ("40", 40)])
def test_a_link_with_more_generations_picks_the_last_generation(app: AppTest, picker, expected):
    """A deep link giving the run's length but not the picker: the picker is on the run's end
    (it stayed at 200); a picker the link gives is kept."""
    app.query_params.update({"generations": "600", "replicates": "20"})
    if picker is not None:
        app.query_params["show_generation"] = picker
    app.run()
    assert app.slider(key=key("show_generation")).value == expected
    assert app.query_params["show_generation"] == str(expected)


def test_generation_picker_follows_a_shrinking_chain(app: AppTest):
    app.run()
    app.slider(key=key("generations")).set_value(50).run()
    assert app.slider(key=key("show_generation")).value == 50  # clamped to the last generation
    app.slider(key=key("generations")).set_value(500).run()
    assert app.slider(key=key("show_generation")).value == 500  # on the last one: follows it
    app.slider(key=key("show_generation")).set_value(120).run()
    app.slider(key=key("generations")).set_value(1000).run()
    assert app.slider(key=key("show_generation")).value == 120  # picked inside: kept
    assert not app.exception


SHARED = {
    "sample_size": "20",
    "generations": "150",
    "real_fraction": "0.25",
    "regime": "accumulate",
    "real_source": "fixed",
    "estimator": "unbiased",
    "weighting": "pool",
    "real_weight": "0.50",
    "correction": "0.00",
    "verifier_width": "0.0",
    "verifier_centre": "0.0",
    "replicates": "50",
    "seed": "12345",
    "log_y": "log",
    "show_generation": "40",
}


def test_query_params_round_trip(app: AppTest, chart_specs):
    for name, value in SHARED.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception and not app.warning
    assert dict(app.query_params) == SHARED
    assert app.select_slider(key=key("sample_size")).value == 20
    assert app.slider(key=key("real_fraction")).value == pytest.approx(0.25)
    assert app.radio(key=key("regime")).value == "accumulate"
    assert app.number_input(key=key("seed")).value == 12345
    # The same link in a new session draws the same picture.
    again = AppTest.from_file(app._script_path, default_timeout=60)
    for name, value in SHARED.items():
        again.query_params[name] = value
    again.run()
    assert chart_specs(again) == chart_specs(app)


def test_unknown_keys_are_warned_about_and_dropped(app: AppTest):
    app.query_params["colour"] = "red"
    app.query_params["**bold**"] = "1"
    app.run()
    assert not app.exception
    text = app.warning[0].value
    assert "colour" in text and "`**bold**`" in text  # in a code span: shown, not rendered
    assert dict(app.query_params) == DEFAULT_URL


def test_tracking_parameters_are_dropped_without_a_warning(app: AppTest):
    for k, v in {"utm_source": "newsletter", "utm_campaign": "<b>x</b>", "fbclid": "IwAR0abc"}.items():
        app.query_params[k] = v
    app.run()
    assert not app.exception and not app.warning
    assert dict(app.query_params) == DEFAULT_URL


def test_a_link_out_of_range_snaps_and_names_the_value(app: AppTest):
    app.query_params["sample_size"] = "3"
    app.query_params["generations"] = "999999"
    app.run()
    assert not app.exception and len(app.warning) == 1
    text = app.warning[0].value
    assert "nearest allowed value, 2." in text and "nearest allowed value, 5,000." in text
    assert app.query_params["sample_size"] == "2" and app.query_params["generations"] == "5000"
    assert app.select_slider(key="gaussian.sample_size").value == 2


def test_too_large_request_explains_and_suggests(app: AppTest):
    for name, value in {
        "regime": "accumulate-subsample",
        "sample_size": "1000000",
        "generations": "5000",
        "replicates": "1000",
    }.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert len(app.error) == 1
    message = app.error[0].value
    assert "too much work" in message and "fewer" in message
    assert not app.get("plotly_chart")


def test_monte_carlo_engine_is_named_with_its_reason(app: AppTest):
    app.query_params["regime"] = "accumulate-subsample"
    app.query_params["replicates"] = "20"
    app.run()
    assert not app.exception
    assert any(
        "Engine: **monte-carlo**" in c.value and "reuses individual points" in c.value for c in app.caption
    )
