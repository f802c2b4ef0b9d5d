"""AppTest checks of the multivariate Gaussian page: runs, URL state, presets
(every control and hostile URL value: test_page_controls.py)."""

from __future__ import annotations

from conftest import page_opener, trace_names
from streamlit.testing.v1 import AppTest

from collapse_ui.families.multivariate.figures import ellipse as mvn_ellipse
from collapse_ui.families.multivariate.figures import extremes as mvn_extremes
from collapse_ui.families.multivariate.figures import size as mvn_size
from collapse_ui.families.multivariate.figures import spectrum as mvn_spectrum

PAGE = "pages/multivariate.py"
TITLES = [
    mvn_ellipse.TITLE,
    mvn_spectrum.TITLE,
    mvn_size.TRACE_TITLE,
    mvn_size.LOGDET_TITLE,
    mvn_extremes.TITLE,
    mvn_extremes.KL_TITLE,
]
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


def test_singular_fits_from_fixed_real_points_reach_the_charts_without_an_exception(
    app: AppTest, chart_specs
):
    # One fixed real point in 4-D, M = 5: subsamples of its copies give singular fits, often.
    open_page(
        app,
        dimension="4",
        sample_size="5",
        regime="accumulate-subsample",
        real_fraction="0.2",
        real_source="fixed",
        generations="30",
        replicates="500",
        seed="0",
    )
    assert not app.exception and not app.error
    assert len(chart_specs(app)) == 6 and len(app.metric) == 4  # every chart drawn


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
