"""AppTest checks of the mixture page ("The modes die"): runs, URL state, presets
(every control and hostile URL value: test_page_controls.py)."""

from __future__ import annotations

import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_ui import registry
from collapse_ui.families import mixture
from collapse_ui.families.mixture.figures import modes as mixture_modes
from collapse_ui.families.mixture.figures import picture as mixture_picture
from collapse_ui.families.mixture.figures import spread as mixture_spread
from collapse_ui.families.mixture.figures import weights as mixture_weights

PAGE = "pages/mixture.py"
DEFAULT_URL = {p.name: p.format(p.default) for p in mixture.PARAMS if not p.optional}
N_CHARTS = 5
SMALL = {"generations": "30", "replicates": "10"}


open_page = page_opener(PAGE)


@pytest.mark.parametrize("dimension", ["1", "2"])
def test_page_runs_with_four_charts_and_headlines(app: AppTest, chart_specs, dimension):
    open_page(app, dimension=dimension, **SMALL)
    assert not app.exception and not app.warning and not app.error
    specs = chart_specs(app)
    assert len(specs) == N_CHARTS and len(app.metric) == 4
    picture = mixture_picture.TITLE_1D if dimension == "1" else mixture_picture.TITLE_2D
    assert [s["layout"]["title"]["text"] for s in specs] == [
        mixture_modes.TITLE,
        picture,
        mixture_weights.TITLE,
        mixture_spread.TITLE,
        mixture_spread.TAIL_TITLE,
    ]
    names = [t.get("name", "") for t in specs[0]["data"]]
    assert "live modes: median" in names and "live modes: 5–95% of chains" in names
    assert app.query_params["dimension"] == dimension
    assert app.metric[0].label == "Modes alive"


def test_defaults_run_at_the_default_url(app: AppTest, chart_specs):
    open_page(app)
    assert not app.exception and not app.error and not app.warning
    assert dict(app.query_params) == DEFAULT_URL
    assert len(chart_specs(app)) == N_CHARTS


def test_too_large_request_explains_and_suggests(app: AppTest):
    open_page(app, sample_size="10000", replicates="200", generations="2000", regime="accumulate")
    assert not app.exception
    assert len(app.error) == 1 and "too much work" in app.error[0].value
    assert app.info and "fewer" in app.info[0].value
    assert not app.get("plotly_chart")


def test_a_preset_link_reproduces_its_picture(app: AppTest, chart_specs):
    spec = registry.get("mixture")
    preset = next(p for p in spec_presets() if p.name == "gmm-accumulate")
    values = spec.values_from_preset(preset)
    open_page(app, **spec.query(values))
    assert not app.exception and not app.warning
    assert app.query_params["regime"] == "accumulate" and app.query_params["seed"] == "2023"
    again = open_page(AppTest.from_file(app._script_path, default_timeout=60), **spec.query(values))
    assert chart_specs(again) == chart_specs(app)


def spec_presets():
    from collapse_core.presets import for_family

    return for_family("mixture").values()
