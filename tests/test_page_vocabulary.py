"""AppTest checks of the vocabulary page ("Vanishing tails"): runs, controls, URL state, errors."""

from __future__ import annotations

import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_ui import vocabulary
from collapse_ui.figures import collapse, vocab_coverage, vocab_lost, vocab_rank, vocab_surviving

PAGE = "pages/vocabulary.py"
DEFAULT_URL = {p.name: p.format(p.default) for p in vocabulary.PARAMS}
N_CHARTS = 5  # four charts and the collapse share
TITLES = [m.TITLE for m in (vocab_surviving, vocab_rank, vocab_coverage, vocab_lost, collapse)]


def key(name: str) -> str:
    return f"categorical.{name}"


open_page = page_opener(PAGE)


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


@pytest.mark.parametrize("truth", ["zipf", "uniform", "english"])
def test_every_truth_runs_with_charts_metrics_and_theory(app: AppTest, chart_specs, truth):
    open_page(app, truth=truth)
    assert not app.exception and not app.warning and not app.error
    specs = chart_specs(app)
    assert len(specs) == N_CHARTS and len(app.metric) == 4
    assert [s["layout"]["title"]["text"] for s in specs] == TITLES
    names = [t.get("name", "") for t in specs[0]["data"]]
    assert any(n.startswith("theory: expected value") for n in names)  # replace, r = 0: Wright-Fisher
    assert app.query_params["truth"] == truth
    # The vanished-words table is for real words only.
    assert len(app.dataframe) == (1 if truth == "english" else 0)


def test_english_table_lists_real_words_with_the_generation_each_vanished(app: AppTest):
    open_page(app, truth="english")
    table = app.dataframe[0].value
    assert list(table.columns) == list(vocabulary.WORD_COLUMNS)
    assert len(table) > 100
    assert table["word"].str.fullmatch(r"[\w'’.-]+").all()  # words, not 'rank k' labels
    assert table["gone_at"].between(1, 100).all()
    assert table["rank"].is_monotonic_increasing  # most common first
    assert any("words are gone by generation 100" in m.value for m in app.markdown)


# (control, how to change it, the URL value it must leave behind)
CHANGES = [
    ("truth", lambda at: at.radio(key=key("truth")).set_value("uniform"), "uniform"),
    ("categories", lambda at: at.select_slider(key=key("categories")).set_value(500), "500"),
    ("zipf_exponent", lambda at: at.slider(key=key("zipf_exponent")).set_value(1.5), "1.50"),
    ("sample_size", lambda at: at.select_slider(key=key("sample_size")).set_value(1000), "1000"),
    ("generations", lambda at: at.slider(key=key("generations")).set_value(60), "60"),
    ("regime", lambda at: at.radio(key=key("regime")).set_value("accumulate"), "accumulate"),
    ("smoothing", lambda at: at.slider(key=key("smoothing")).set_value(0.05), "0.05"),
    ("real_fraction", lambda at: at.slider(key=key("real_fraction")).set_value(0.2), "0.20"),
    ("replicates", lambda at: at.select_slider(key=key("replicates")).set_value(50), "50"),
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


def test_real_source_changes_the_chart_data_when_real_data_is_mixed_in(app: AppTest, chart_specs):
    open_page(app, real_fraction="0.1", generations="40")
    assert not app.radio(key=key("real_source")).disabled
    before = chart_specs(app)
    app.radio(key=key("real_source")).set_value("fixed").run()
    assert chart_specs(app) != before
    assert app.query_params["real_source"] == "fixed"


def test_zipf_exponent_only_applies_to_zipf(app: AppTest):
    open_page(app)
    assert not app.slider(key=key("zipf_exponent")).disabled
    app.radio(key=key("truth")).set_value("english").run()
    assert app.slider(key=key("zipf_exponent")).disabled


def test_fresh_real_data_brings_words_back_and_the_page_shows_it(app: AppTest, chart_specs):
    open_page(app)
    back = next(m for m in app.metric if m.label == "Brought back")
    assert back.value == "0"
    assert max(trace(chart_specs(app)[3], "brought back: median")["y"]) == 0
    app.slider(key=key("real_fraction")).set_value(0.2).run()
    back = next(m for m in app.metric if m.label == "Brought back")
    assert int(back.value.replace(",", "")) > 0
    assert max(trace(chart_specs(app)[3], "brought back: median")["y"]) > 0
    assert any("come back" in c.value for c in app.caption)


def test_switching_to_english_clamps_the_vocabulary_to_the_word_list(app: AppTest):
    open_page(app, categories="100000", replicates="10")
    assert not app.exception
    app.radio(key=key("truth")).set_value("english").run()
    assert not app.exception and not app.error
    assert app.select_slider(key=key("categories")).value == 50_000
    assert app.query_params["categories"] == "50000"
    assert len(app.dataframe) == 1


SHARED = {
    "truth": "english", "categories": "500", "zipf_exponent": "1.20", "sample_size": "500",
    "generations": "50", "regime": "accumulate-subsample", "smoothing": "0.00", "real_fraction": "0.10",
    "real_source": "fixed", "replicates": "20", "seed": "12345",
}


def test_query_params_round_trip(app: AppTest, chart_specs):
    open_page(app, **SHARED)
    assert not app.exception and not app.warning
    assert dict(app.query_params) == SHARED
    assert app.radio(key=key("truth")).value == "english"
    assert app.select_slider(key=key("categories")).value == 500
    assert app.slider(key=key("zipf_exponent")).value == pytest.approx(1.2)
    assert app.radio(key=key("regime")).value == "accumulate-subsample"
    assert app.number_input(key=key("seed")).value == 12345
    again = open_page(AppTest.from_file(app._script_path, default_timeout=60), **SHARED)
    assert chart_specs(again) == chart_specs(app)
    assert again.dataframe[0].value.equals(app.dataframe[0].value)


# (name, value, the URL's value after: None = the default; a number out of range snaps
# to the nearest allowed value)
HOSTILE = [
    ("truth", "klingon", None),
    ("truth", "<script>alert(1)</script>", None),
    ("categories", "300", '200'),  # in range, not a step: the nearest step (by ratio)
    ("categories", "1", '2'),
    ("zipf_exponent", "-1", '0.00'),
    ("zipf_exponent", "nan", None),
    ("zipf_exponent", "3.5", '3.00'),
    ("sample_size", "abc", None),
    ("sample_size", "", None),
    ("generations", "0", '1'),
    ("generations", "1e3", None),
    ("regime", "collapse", None),
    ("smoothing", "inf", None),
    ("smoothing", "2", '1.00'),
    ("real_fraction", "1.5", '1.00'),
    ("real_source", "[x](http://example.com)", None),
    ("replicates", "100000", '1000'),
    ("seed", "-1", '0'),
    ("seed", str(2**64), '9007199254740991'),
]


@pytest.mark.parametrize(("name", "value", "snapped"), HOSTILE)
def test_hostile_query_value_warns_and_falls_back_or_snaps(app: AppTest, chart_specs, name, value, snapped):
    open_page(app, **{name: value})
    assert not app.exception and not app.error
    assert len(app.warning) == 1
    assert f"({name})" in app.warning[0].value
    assert app.query_params[name] == (snapped or DEFAULT_URL[name])
    assert ("nearest allowed value" in app.warning[0].value) == (snapped is not None)
    assert len(chart_specs(app)) == N_CHARTS


@pytest.mark.parametrize("value", ["2000000", "9" * 400])
def test_too_many_words_snap_to_the_largest_step(app: AppTest, chart_specs, value):
    top = max(next(p for p in vocabulary.PARAMS if p.name == "categories").options)
    open_page(app, categories=value, replicates="10", generations="10")
    assert not app.exception and not app.error
    assert len(app.warning) == 1 and "(categories)" in app.warning[0].value
    assert f"nearest allowed value, {top:,}" in app.warning[0].value
    assert app.query_params["categories"] == str(top)
    assert len(chart_specs(app)) == N_CHARTS


def test_more_english_words_than_the_word_list_warns_and_uses_the_longest_list(app: AppTest, chart_specs):
    open_page(app, truth="english", categories="100000", replicates="10", generations="20")
    assert not app.exception and not app.error
    assert len(app.warning) == 1 and "50,000" in app.warning[0].value
    assert app.query_params["categories"] == "50000"
    assert len(chart_specs(app)) == N_CHARTS


@pytest.mark.parametrize("query", [
    {"categories": "100000", "replicates": "1000"},  # the work budget refuses the pair
    {"regime": "accumulate-subsample", "sample_size": "1000000", "generations": "5000"},  # the core does
], ids=["budget", "pool"])
def test_too_large_request_explains_and_suggests(app: AppTest, query):
    open_page(app, **query)
    assert not app.exception
    assert len(app.error) == 1
    message = app.error[0].value
    assert "too much work" in message and ("fewer" in message or "below" in message)
    assert app.info and "fewer" in app.info[0].value
    assert not app.get("plotly_chart")
