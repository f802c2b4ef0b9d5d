"""AppTest checks of the text page ("Text that forgets"): runs, samples, lost words, URL state,
hostile URL values, presets, an upload."""

from __future__ import annotations

import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_ui.families.text.figures import charts as text_charts

PAGE = "pages/text.py"
TITLES = [c[0] for c in text_charts.CHARTS.values()]


def key(name: str) -> str:
    return f"text.{name}"


open_page = page_opener(PAGE)


def test_defaults_show_charts_samples_and_lost_words(app: AppTest, chart_specs):
    open_page(app, generations="20", sample_size="5000")
    assert not app.exception and not app.error, [e.value for e in app.error]
    specs = chart_specs(app)
    assert [s["layout"]["title"]["text"] for s in specs] == TITLES
    assert len(app.metric) == 4
    shown = " ".join(m.value for m in app.markdown)
    for g in ("Real text", "Generation 1", "Generation 5", "Generation 20"):
        assert g in shown
    table = app.dataframe[0].value
    assert list(table.columns) == ["word", "real_count", "gone_at"]
    assert table["gone_at"].between(1, 20).all() and table["real_count"].is_monotonic_decreasing
    assert app.query_params["temperature"] == "1.00" and app.query_params["corpus"] == "python-docs"


def test_temperature_slider_changes_url_and_the_picture(app: AppTest, chart_specs):
    open_page(app, generations="10", sample_size="2000")
    before = chart_specs(app)[1]
    app.slider(key=key("temperature")).set_value(0.7).run()
    assert not app.exception
    assert app.query_params["temperature"] == "0.70"
    assert chart_specs(app)[1] != before


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("generations", "abc"),
        ("temperature", "nan"),
        ("top_p", "0"),
        ("order", "9"),
        ("top_k", "-0.5"),
        ("sample_size", "1e400"),
        ("corpus", "../../etc/passwd"),
        ("regime", "accumulate-subsample"),
    ],
)
def test_hostile_url_values_are_named_and_fall_back(app: AppTest, name, bad):
    open_page(app, **{"generations": "5", "sample_size": "1000", name: bad})
    assert not app.exception
    assert any(name in w.value for w in app.warning), [w.value for w in app.warning]


def test_unknown_upload_name_is_explained_not_a_crash(app: AppTest):
    open_page(app, generations="5", sample_size="1000", corpus="upload-0123456789abcdef")
    assert not app.exception
    assert any("upload it again" in e.value for e in app.error)


def test_low_temperature_preset_runs(app: AppTest):
    open_page(app, preset="low-temperature")
    assert not app.exception and not app.error
    assert app.query_params["temperature"] == "0.70"
