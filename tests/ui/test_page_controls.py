"""Every family page's controls and hostile links, one test each, parametrised over the UI registry.

Each family page gives a table: its chart count, a smaller run for speed, the controls to move
(each must change the charts and write its value to the URL) and hostile URL values (each must
warn once, naming the setting, and fall back to the default or snap to the nearest allowed value).
Pages are found through the registry (name, script, settings), not by importing their modules.
Tests of one family's own behaviour stay in that family's page test file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from conftest import page_opener

from collapse_ui import registry

if TYPE_CHECKING:  # the app tests are marked by their `app` fixture; the guard stays in the fast layer
    from streamlit.testing.v1 import AppTest

HIGH = object()  # the setting's top (budget-derived slider ends move when the budget does)
LONG = "9" * 400


@dataclass(frozen=True)
class Table:
    charts: int
    # (setting, widget accessor on AppTest, value to set, URL value it must leave behind)
    changes: tuple[tuple[str, str, object, str], ...]
    # (setting, URL text, URL value after: None = the default, HIGH = the setting's top, else the
    # nearest allowed value it snaps to)
    hostile: tuple[tuple[str, str, object], ...]
    query: dict[str, str] = field(default_factory=dict)  # the link every case starts from


TABLES = {
    "gaussian": Table(
        charts=5,
        changes=(
            ("sample_size", "select_slider", 200, "200"),
            ("generations", "slider", 300, "300"),
            ("real_fraction", "slider", 0.3, "0.30"),
            ("regime", "radio", "accumulate", "accumulate"),
            ("estimator", "radio", "unbiased", "unbiased"),
            ("replicates", "select_slider", 100, "100"),
            ("seed", "number_input", 7, "7"),
            ("log_y", "radio", "log", "log"),
            ("show_generation", "slider", 50, "50"),
        ),
        hostile=(
            ("sample_size", "300", "200"),  # in range, but not a step of the slider
            ("sample_size", "1", "2"),
            ("sample_size", "abc", None),
            ("sample_size", "", None),
            ("generations", "0", "1"),
            ("generations", "5001", "5000"),
            ("generations", "1e3", None),
            ("generations", LONG, "5000"),
            ("real_fraction", "1.5", "1.00"),
            ("real_fraction", "-0.1", "0.00"),
            ("real_fraction", "nan", None),
            ("real_fraction", "inf", None),
            ("regime", "collapse", None),
            ("real_source", "[x](http://example.com)", None),
            ("estimator", "<script>alert(1)</script>", None),
            ("replicates", "100000", "1000"),
            ("seed", "-1", "0"),
            ("seed", str(2**64), "9007199254740991"),
            ("seed", "1.5", None),
            ("log_y", "maybe", None),
            ("show_generation", "-3", "0"),
        ),
    ),
    "categorical": Table(
        charts=5,  # four charts and the collapse share
        changes=(
            ("truth", "radio", "uniform", "uniform"),
            ("categories", "select_slider", 500, "500"),
            ("zipf_exponent", "slider", 1.5, "1.50"),
            ("sample_size", "select_slider", 1000, "1000"),
            ("generations", "slider", 60, "60"),
            ("regime", "radio", "accumulate", "accumulate"),
            ("smoothing", "slider", 0.05, "0.05"),
            ("real_fraction", "slider", 0.2, "0.20"),
            ("replicates", "select_slider", 50, "50"),
            ("seed", "number_input", 7, "7"),
            ("temperature", "slider", 0.9, "0.90"),
            ("top_k", "slider", 50, "50"),
            ("top_p", "slider", 0.9, "0.90"),
        ),
        hostile=(
            ("truth", "klingon", None),
            ("truth", "<script>alert(1)</script>", None),
            ("categories", "300", "200"),  # in range, not a step: the nearest step (by ratio)
            ("categories", "1", "2"),
            ("zipf_exponent", "-1", "0.00"),
            ("zipf_exponent", "nan", None),
            ("zipf_exponent", "3.5", "3.00"),
            ("sample_size", "abc", None),
            ("sample_size", "", None),
            ("generations", "0", "1"),
            ("generations", "1e3", None),
            ("regime", "collapse", None),
            ("smoothing", "inf", None),
            ("smoothing", "2", "1.00"),
            ("real_fraction", "1.5", "1.00"),
            ("real_source", "[x](http://example.com)", None),
            ("replicates", "100000", "1000"),
            ("seed", "-1", "0"),
            ("seed", str(2**64), "9007199254740991"),
        ),
    ),
    "multivariate": Table(
        charts=6,
        query={"generations": "30", "replicates": "20"},
        changes=(
            ("dimension", "slider", 5, "5"),
            ("condition_number", "select_slider", 10, "10"),
            ("rotation", "slider", -45.0, "-45"),
            ("sample_size", "select_slider", 50, "50"),
            ("regime", "radio", "accumulate", "accumulate"),
            ("estimator", "radio", "unbiased", "unbiased"),
            ("seed", "number_input", 7, "7"),
        ),
        hostile=(
            ("dimension", "1", "2"),
            ("dimension", "51", HIGH),
            ("dimension", "abc", None),
            ("dimension", LONG, HIGH),
            ("condition_number", "3", "4"),  # in range, not a step
            ("condition_number", "nan", None),
            ("rotation", "inf", None),
            ("rotation", "-1e400", None),
            ("estimator", "<script>alert(1)</script>", None),
            ("regime", "collapse", None),
            ("generations", "-0", "1"),
            ("generations", "1e3", None),
            ("sample_size", "", None),
            ("real_fraction", "1.5", "1.00"),
            ("seed", str(2**64), "9007199254740991"),
        ),
    ),
    "mixture": Table(
        charts=5,
        query={"generations": "30", "replicates": "10"},
        changes=(
            ("dimension", "radio", "2", "2"),
            ("components", "slider", 4, "4"),
            ("separation", "slider", 6.0, "6.0"),
            ("sample_size", "select_slider", 50, "50"),
            ("generations", "slider", 20, "20"),
            ("regime", "radio", "accumulate", "accumulate"),
            ("real_fraction", "slider", 0.2, "0.20"),
            ("seed", "number_input", 7, "7"),
        ),
        hostile=(
            ("dimension", "3", None),
            ("dimension", "<script>alert(1)</script>", None),
            ("components", "1", "2"),
            ("components", "abc", None),
            ("components", LONG, HIGH),
            ("separation", "nan", None),
            ("separation", "-0", "2.0"),
            ("separation", "1e400", None),
            ("sample_size", "300", "200"),
            ("sample_size", "1000000", HIGH),
            ("generations", "0", "1"),
            ("generations", "1e3", None),
            ("regime", "collapse", None),
            ("real_fraction", "inf", None),
            ("real_source", "[x](http://example.com)", None),
            ("replicates", "100000", HIGH),
            ("seed", "-1", "0"),
            ("show_generation", "-5", "0"),
        ),
    ),
    "digits": Table(
        charts=8,  # the grid and seven metric charts
        query={"generations": "6", "sample_size": "100", "replicates": "10", "components": "8"},
        changes=(
            ("class_prior", "radio", "fixed", "fixed"),
            ("components", "slider", 5, "5"),
            ("sample_size", "select_slider", 200, "200"),
            ("regime", "radio", "accumulate", "accumulate"),
            ("real_fraction", "slider", 0.5, "0.50"),
            ("seed", "number_input", 7, "7"),
        ),
        hostile=(
            ("sample_size", "abc", None),
            ("sample_size", "1", "20"),
            ("sample_size", "300", "200"),  # in range, not a step of the slider
            ("generations", "nan", None),
            ("generations", "-0", "1"),
            ("generations", LONG, HIGH),
            ("generations", "1e3", None),
            ("components", "0", "2"),
            ("components", "41", HIGH),
            ("components", "2.5", None),
            ("real_fraction", "inf", None),
            ("real_fraction", "-0.1", "0.00"),
            ("class_prior", "<script>alert(1)</script>", None),
            ("regime", "collapse", None),
            ("real_source", "[x](http://example.com)", None),
            ("replicates", "100000", HIGH),
            ("seed", str(2**64), "9007199254740991"),
        ),
    ),
    "kde": Table(
        charts=5,
        changes=(
            ("bandwidth_rule", "radio", "scott", "scott"),
            ("bandwidth", "slider", 0.5, "0.50"),
            ("truth_shape", "radio", "mixture", "mixture"),
            ("sample_size", "select_slider", 50, "50"),
            ("generations", "slider", 20, "20"),
            ("regime", "radio", "accumulate", "accumulate"),
            ("real_fraction", "slider", 0.2, "0.20"),
            ("seed", "number_input", 7, "7"),
        ),
        hostile=(
            ("bandwidth_rule", "<script>alert(1)</script>", None),
            ("bandwidth", "nan", None),
            ("bandwidth", "-0", "0.01"),
            ("bandwidth", "1" + "0" * 400, None),  # too long to be meant: not read as a number
            ("truth_shape", "cauchy", None),
            ("separation", "inf", None),
            ("sample_size", "abc", None),
            ("generations", "0", "1"),
            ("generations", "1e3", None),
            ("regime", "collapse", None),
            ("real_fraction", "1.5", "1.00"),
            ("replicates", "100000", HIGH),
            ("seed", str(2**64), "9007199254740991"),
        ),
    ),
    "regression": Table(
        charts=3,
        changes=(
            ("dimension", "slider", 5, "5"),
            ("noise", "slider", 2.0, "2.0"),
            ("sample_size", "select_slider", 50, "50"),
            ("generations", "slider", 20, "20"),
            ("regime", "radio", "accumulate", "accumulate"),
            ("real_fraction", "slider", 0.2, "0.20"),
            ("seed", "number_input", 7, "7"),
        ),
        hostile=(
            ("dimension", "abc", None),
            ("dimension", "51", HIGH),
            ("dimension", "-0", "1"),
            ("noise", "nan", None),
            ("noise", "0", "0.1"),
            ("sample_size", LONG, HIGH),
            ("generations", "1e3", None),
            ("regime", "<b>x</b>", None),
            ("real_source", "[x](http://example.com)", None),
            ("seed", "-1", "0"),
        ),
    ),
}
# Family pages whose controls are tested in their own file, with the reason.
ELSEWHERE = {"text": "the corpus and upload controls need their own set-up (test_page_text.py)"}


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:8]}...{len(text)}chars"


CHANGE_CASES = [
    pytest.param(family, *row, id=f"{family}-{row[0]}")
    for family, table in TABLES.items()
    for row in table.changes
]
HOSTILE_CASES = [
    pytest.param(family, *row, id=f"{family}-{row[0]}-{_short(row[1])}")
    for family, table in TABLES.items()
    for row in table.hostile
]


def test_every_family_page_has_a_table_or_a_reason():
    families = set(registry.pages())
    assert families == set(TABLES) | set(ELSEWHERE), "a family page without controls tests (or a stale table)"


def _open(app: AppTest, family: str, **query: str) -> tuple[registry.PageSpec, Table]:
    spec, table = registry.get(family), TABLES[family]
    page_opener(spec.script)(app, **{**table.query, **query})
    return spec, table


@pytest.mark.parametrize(("family", "name", "widget", "value", "url_value"), CHANGE_CASES)
def test_each_control_changes_the_chart_data_and_the_url(
    app: AppTest, chart_specs, family, name, widget, value, url_value
):
    spec, table = _open(app, family)
    assert not app.exception and not app.error
    before = chart_specs(app)
    getattr(app, widget)(key=f"{spec.name}.{name}").set_value(value).run()
    assert not app.exception and not app.error
    after = chart_specs(app)
    assert len(after) == table.charts
    assert after != before, f"changing {name} left every chart as it was"
    assert app.query_params[name] == url_value


@pytest.mark.parametrize(("family", "name", "value", "snapped"), HOSTILE_CASES)
def test_hostile_query_value_warns_and_falls_back_or_snaps(
    app: AppTest, chart_specs, family, name, value, snapped
):
    spec, table = _open(app, family, **{name: value})
    assert not app.exception and not app.error
    assert len(app.warning) == 1
    assert f"({name})" in app.warning[0].value
    param = next(p for p in spec.params if p.name == name)
    if snapped is None:
        expected = param.format(param.default)
    elif snapped is HIGH:
        expected = param.format(param.high)
    else:
        expected = snapped
    assert app.query_params[name] == expected
    assert ("nearest allowed value" in app.warning[0].value) == (snapped is not None)
    assert len(chart_specs(app)) == table.charts
