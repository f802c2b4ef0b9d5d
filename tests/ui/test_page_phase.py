"""AppTest checks of the Phase diagram page: runs at its defaults with its three charts and the
one-line answer, a link's settings are used, hostile URL values fall back with a warning, a sweep
over the interactive budget is refused with its command line, and another family works."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from collapse_ui import phase
from collapse_ui.figures import phase as figs

PAGE = "pages/phase_diagram.py"
SMALL = {
    "generations": "30",
    "replicates": "20",
    "sizes": "3",
    "shares": "4",
    "size_low": "10",
    "size_high": "100",
}


def open_page(app: AppTest, **query: str) -> AppTest:
    app.run()
    app.switch_page(PAGE)
    app.query_params.clear()
    for name, value in query.items():
        app.query_params[name] = value
    return app.run()


def titles(specs):
    return [s["layout"]["title"]["text"] for s in specs]


def test_defaults_draw_heatmap_threshold_and_provenance(app: AppTest, chart_specs):
    open_page(app)
    assert not app.exception and not app.error and not app.warning
    specs = chart_specs(app)
    assert len(specs) == 3
    t = titles(specs)
    assert t[0].startswith(figs.HEATMAP_TITLE) and t[1].startswith(figs.THRESHOLD_TITLE)
    assert t[2].startswith(figs.PROVENANCE_TITLE)
    names = [tr.get("name", "") for tr in specs[0]["data"]]
    assert any(n.startswith("theory: mean variance_ratio = 0.95") for n in names)
    assert any(n.startswith("simulation: median = 0.95") for n in names)
    heat = specs[0]["data"][0]
    assert len(heat["x"]) == 8 and len(heat["y"]) == 11 and len(heat["z"]) == 88  # sizes x shares
    assert app.info[0].value.startswith("At sample size ")
    assert any("python -m collapse_core sweep --family gaussian" in c.value for c in app.code)


def test_link_settings_are_used(app: AppTest, chart_specs):
    open_page(app, **SMALL, statistic="mean", level="0.9", seed="5")
    assert not app.exception and not app.warning
    specs = chart_specs(app)
    heat = specs[0]["data"][0]
    assert len(heat["x"]) == 3 and len(heat["y"]) == 4
    assert "mean variance_ratio after 30 generations" in titles(specs)[0]
    assert "--seed 5" in app.code[0].value and "--metric variance_ratio:mean" in app.code[0].value


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("generations", "abc"),
        ("level", "nan"),
        ("sizes", "10**400"),
        ("family", "weather"),
        ("statistic", "mode"),
        ("share_high", "-0.5"),
        ("seed", "-1"),
        ("regime", "<script>"),
    ],
)
def test_hostile_url_values_fall_back_with_a_warning(app: AppTest, chart_specs, key, bad):
    open_page(app, **{**SMALL, key: bad})
    assert not app.exception and not app.error
    # Unusable text falls back to the default; a number out of range snaps to the nearest allowed.
    assert len(app.warning) == 1 and f"({key})" in app.warning[0].value
    assert (
        "using the default" in app.warning[0].value
        or "using the nearest allowed value" in app.warning[0].value
    )
    assert len(chart_specs(app)) >= 2


def test_metric_of_another_family_falls_back(app: AppTest):
    open_page(app, **SMALL, metric="surviving")
    assert not app.exception
    assert any("has no metric 'surviving'" in w.value for w in app.warning)


def test_over_budget_is_refused_with_the_command_line(app: AppTest, chart_specs):
    open_page(app, generations="2000", replicates="1000", sizes="21", shares="21")
    assert not app.exception
    assert len(app.error) == 1 and "too large for the page" in app.error[0].value
    assert (
        "python -m collapse_core sweep --family gaussian --generations 2000 --replicates 1000"
        in app.error[0].value
    )
    assert not chart_specs(app)


def test_categorical_family_runs_without_theory_boundary(app: AppTest, chart_specs):
    open_page(
        app,
        family="categorical",
        metric="surviving_fraction",
        level="0.5",
        generations="20",
        replicates="10",
        sizes="3",
        shares="3",
        size_low="20",
        size_high="200",
    )
    assert not app.exception and not app.error
    specs = chart_specs(app)
    assert len(specs) == 2  # no provenance diagram: it is the Gaussian's closed form
    assert not any(tr.get("name", "").startswith("theory:") for tr in specs[0]["data"])


def test_pure_helpers():
    values = {p.name: p.default for p in phase.PARAMS}
    spec = phase.spec_from(values)
    assert spec.fields == ("sample_size", "real_fraction") and spec.n_cells == 88
    assert phase.file_stem(values) == "phase_gaussian_variance_ratio_median_G200_seed1"
    assert "M 10..1000 (8)" in phase.settings_line(values)


def test_changing_family_sets_its_default_target(app: AppTest):
    open_page(app, **SMALL)
    app.selectbox(key="phase.family").set_value("categorical").run()
    assert not app.exception
    assert (
        app.session_state["phase.metric"] == "surviving_fraction" and app.session_state["phase.level"] == 0.5
    )
    assert not app.warning  # the page chose the metric, nobody asked for another
