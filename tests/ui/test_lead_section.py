"""The "which measurement notices first" section and the mixture's minority control: old links
draw what they drew, the threshold and the minority weight have URL keys that refuse hostile
values by name, and the chart is built from the core's lead-time table."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import charts, page_opener
from streamlit.testing.v1 import AppTest

from collapse_core import lead_times as lt
from collapse_ui.figures.lead_times import lead_time_figure

MIXTURE = page_opener("pages/mixture.py")
GAUSSIAN = page_opener("pages/gaussian.py")
REGRESSION = page_opener("pages/regression.py")
SMALL = {"generations": "30", "replicates": "10"}
TITLE = "Which measurement notices first"


def _titles(at: AppTest) -> list[str]:
    return [c["layout"]["title"]["text"] for c in charts(at)]


@pytest.mark.parametrize(
    ("opener", "new_keys"),
    [
        (MIXTURE, {"minority_weight": "0.00", "lead_threshold": "10"}),
        (GAUSSIAN, {"lead_threshold": "10.0"}),
        (REGRESSION, {"minority_share": "0.00", "group_gap": "0.0"}),
    ],
)
def test_old_links_draw_exactly_what_they_drew(app: AppTest, opener, new_keys):
    old = opener(app, **SMALL)
    assert not old.exception
    before, url_before = charts(old), dict(old.query_params)
    assert "lead_threshold" not in url_before  # written only when changed: old links keep their URL
    new = opener(AppTest.from_file(str(app._script_path), default_timeout=60), **SMALL, **new_keys)
    assert not new.exception and not new.warning
    assert charts(new) == before
    assert TITLE not in _titles(new)  # the section is closed until opened


def test_opened_section_draws_the_chart_and_follows_the_threshold(app: AppTest):
    at = MIXTURE(app, **SMALL, minority_weight="0.1")
    at.session_state["mixture.lead"] = True  # what opening it in the browser sets
    at.run()
    assert not at.exception
    fig = charts(at)[-1]
    assert fig["layout"]["title"]["text"] == TITLE
    assert any("minority" in (t.get("name") or "") for t in fig["data"])
    headline = [m.value for m in at.markdown if "moved" in m.value]
    assert headline, [m.value for m in at.markdown]
    moved_at_10 = sorted(x for t in fig["data"] if not t["name"].startswith("not by") for x in t["x"])
    at.session_state["mixture.lead_threshold"] = 60.0
    at.run()
    assert not at.exception
    assert at.query_params["lead_threshold"] == "60"
    fig60 = charts(at)[-1]
    moved_at_60 = sorted(x for t in fig60["data"] if not t["name"].startswith("not by") for x in t["x"])
    assert len(moved_at_60) < len(moved_at_10) or moved_at_60 > moved_at_10


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("lead_threshold", "abc"),
        ("lead_threshold", "nan"),
        ("lead_threshold", "1e400"),
        ("lead_threshold", "-5"),
        ("lead_threshold", "[](https://evil.example)"),
        ("minority_weight", "inf"),
        ("minority_weight", "-0.2"),
        ("minority_weight", "0x1F"),
        ("minority_weight", "<script>alert(1)</script>"),
    ],
)
def test_hostile_values_are_named_and_refused(app: AppTest, key, value):
    at = MIXTURE(app, **SMALL, **{key: value})
    assert not at.exception
    warned = " ".join(w.value for w in at.warning)
    assert key in warned, warned
    assert "evil.example" not in " ".join(m.value for m in at.markdown)
    written = dict(at.query_params)
    if key in written:  # snapped into range or back to the default
        assert written[key] != value
        float(written[key])
    assert charts(at), "the page still draws its charts"


def test_minority_weight_above_an_equal_share_is_explained_not_raised(app: AppTest):
    at = MIXTURE(app, **SMALL, components="8", minority_weight="0.3")
    assert not at.exception
    assert any("minority_weight" in e.value for e in at.error), [e.value for e in at.error]


def test_figure_marks_groups_and_never_moved_rows():
    table = lt.from_medians(
        {
            "avg": np.array([1, 1, 1, 0.5]),
            "tail": np.array([1, 1, 0.5, 0.5]),
            "flat": np.ones(4),
        },
        {"avg": lt.down(), "tail": lt.down("tail"), "flat": lt.down("minority")},
    )
    fig = lead_time_figure(table)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["tail"].x) == [2] and list(by_name["average"].x) == [3]
    assert list(by_name["not by generation 3"].y) == ["flat"] and list(by_name["not by generation 3"].x) == [
        3
    ]
    assert list(fig.layout.yaxis.categoryarray) == ["flat", "avg", "tail"]  # earliest on top


def test_minority_headline_only_with_a_minority(app: AppTest):
    at = MIXTURE(app, **SMALL)
    assert [m.label for m in at.metric][-1] != "Minority's share" and len(at.metric) == 4
    at = MIXTURE(AppTest.from_file(str(app._script_path), default_timeout=60), **SMALL, minority_weight="0.1")
    rare = at.metric[-1]
    assert rare.label == "Minority's share" and rare.value.endswith("of its true share")
    assert "below half" in rare.help


def test_regression_groups_draw_each_groups_error(app: AppTest):
    at = REGRESSION(app, **SMALL, minority_share="0.2", group_gap="2.0")
    assert not at.exception and not at.error
    assert _titles(at)[-1] == "Test error of each group"
    rare = at.metric[-1]
    assert rare.label == "Minority's test error"
    b_err, a_err = (float(v.strip().split()[0]) for v in rare.value.split("vs"))
    assert b_err > a_err  # the pooled fit aims nearer the majority


@pytest.mark.parametrize(
    ("key", "value"), [("minority_share", "0.9"), ("minority_share", "nan"), ("group_gap", "-3")]
)
def test_regression_hostile_group_values_are_named(app: AppTest, key, value):
    at = REGRESSION(app, **SMALL, **{key: value})
    assert not at.exception
    assert key in " ".join(w.value for w in at.warning)
    assert charts(at)


def test_regression_theory_with_groups_is_only_the_exact_gap():
    from collapse_core import RegressionConfig
    from collapse_core.regression.theory import theory

    th = theory(RegressionConfig(minority_share=0.2, group_gap=2.0))
    assert th == {"expected_minority_error_gap": pytest.approx(2.4)}
    assert theory(RegressionConfig(minority_share=0.2, group_gap=2.0, regime="accumulate")) == {}
