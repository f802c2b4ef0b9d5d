"""AppTest checks of the digits page ("Pictures that blur"): runs, the grid, URL state, presets
(every control and hostile URL value: test_page_controls.py)."""

from __future__ import annotations

from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_core import presets
from collapse_ui import registry
from collapse_ui.families import digits
from collapse_ui.families.digits.figures import grid as digits_grid
from collapse_ui.families.digits.figures import metrics as digits_metrics

PAGE = "pages/digits.py"
SPEC = registry.get("digits")
DEFAULT_URL = {p.name: p.format(p.default) for p in digits.PARAMS}
N_CHARTS = 1 + len(digits_metrics.CHARTS)
FAST = {"generations": "6", "sample_size": "100", "replicates": "10", "components": "8"}


open_page = page_opener(PAGE)


def test_defaults_show_the_grid_the_metrics_and_theory(app: AppTest, chart_specs):
    open_page(app)
    assert not app.exception and not app.warning and not app.error
    specs = chart_specs(app)
    assert len(specs) == N_CHARTS and len(app.metric) == 4
    assert [s["layout"]["title"]["text"] for s in specs] == [
        digits_grid.TITLE,
        *(c.title for c in digits_metrics.CHARTS),
    ]
    grid = specs[0]["data"][0]
    assert grid["type"] == "heatmap"
    assert specs[0]["layout"]["xaxis"]["ticktext"] == ["0 (real)", "1", "5", "20", "50"]
    assert specs[0]["layout"]["yaxis"]["ticktext"] == [str(c) for c in range(10)]
    assert any("Fréchet distance in PCA space (not FID)" == s["layout"]["title"]["text"] for s in specs)
    names = [t.get("name", "") for t in specs[6]["data"]]  # class balance: Wright-Fisher theory
    assert any(n.startswith("theory: expected value") for n in names)
    assert dict(app.query_params) == DEFAULT_URL


def test_preset_link_reproduces_its_picture(app: AppTest, chart_specs):
    preset = presets.get("digits-class-drift")
    values = SPEC.values_from_preset(preset)
    open_page(app, **SPEC.query(values))
    assert not app.exception and not app.warning
    first = chart_specs(app)
    again = AppTest.from_file(app._script_path, default_timeout=60)
    open_page(again, **SPEC.query(values))
    assert chart_specs(again) == first  # the grid's gaps are null, not NaN: equality holds


def test_too_large_request_explains(app: AppTest, monkeypatch):
    monkeypatch.setenv("COLLAPSE_PAGE_BATCH_CPU_SECONDS", "3")  # no background run either
    open_page(app, sample_size="100000", generations="1000", replicates="200")
    assert not app.exception
    assert len(app.error) == 1 and "too much work" in app.error[0].value
    assert not app.get("plotly_chart")


def test_too_large_for_the_page_is_offered_to_the_cluster(app: AppTest):
    open_page(app, sample_size="100000", generations="1000", replicates="200")
    assert not app.exception and not app.error and not app.get("plotly_chart")
    assert "Run on the cluster" in [b.label for b in app.button]
    offer = app.warning[-1].value  # after the warning naming the link's clamped values
    assert "interactive budget" in offer and "CPU-seconds on" in offer


def test_the_page_states_its_model_and_components(app: AppTest):
    open_page(app, **FAST)
    text = " ".join(m.value for m in app.markdown)
    assert "Gaussian per digit in a PCA space" in text and "**8 components**" in text
    assert "not FID" in text and "held-out pool" in text
