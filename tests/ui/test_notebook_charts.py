"""collapse_ui.notebook.charts(result): in a notebook, the charts the page draws for the same
run. Checked against the page itself (AppTest) for every family page at a preset: the same
chart titles and the same traces, from the same figure builders; and the display settings are
the page's own (an unknown one is refused by name)."""

from __future__ import annotations

import pytest
from conftest import trace_names

from collapse_core import presets, simulate
from collapse_ui import registry
from collapse_ui.notebook import charts, settings_for


def _first_preset(name: str):
    return next((p for p in presets.PRESETS.values() if p.family == name), None)


FAMILY_PAGES = [name for name in registry.pages() if _first_preset(name) is not None]


@pytest.mark.parametrize("name", FAMILY_PAGES)
def test_notebook_charts_are_the_pages_charts(name, app, chart_specs):
    spec = registry.get(name)
    preset = _first_preset(name)
    res = simulate(preset.config)
    figs = charts(res)
    assert len(figs) >= 3
    app.query_params["preset"] = preset.name
    app.switch_page(spec.script).run()
    assert not app.exception
    page = chart_specs(app)
    page_titles = [s["layout"]["title"]["text"] for s in page]
    titles = [f.layout.title.text for f in figs]
    assert titles == page_titles[-len(titles) :]  # a stage chart may come first on the page
    for fig, shown in zip(figs, page[-len(figs) :], strict=True):
        assert [t.name or "" for t in fig.data] == trace_names(shown)


def test_settings_are_the_pages_and_unknown_ones_are_named():
    preset = _first_preset("gaussian")
    res = simulate(preset.config)
    spec = registry.get("gaussian")
    assert settings_for(res) == spec.values_from_preset(preset)
    with pytest.raises(ValueError, match="no setting 'colour'"):
        charts(res, colour="red")
    assert settings_for(res, log_y="log")["log_y"] == "log"
