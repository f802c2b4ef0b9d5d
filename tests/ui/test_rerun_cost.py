"""A display-only control (log axis, picked generation) never runs the simulation again, and
reruns that change nothing the charts show do not rebuild them."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from collapse_ui import cache, chart

ROOT = Path(__file__).resolve().parents[2]


def test_display_controls_do_not_simulate_and_drawn_charts_are_not_rebuilt(monkeypatch):
    calls = {"simulate": 0, "slim": 0}
    real_simulate, real_slim = cache.simulate, chart.slim.figure

    def counting_simulate(*a, **kw):
        calls["simulate"] += 1
        return real_simulate(*a, **kw)

    def counting_slim(*a, **kw):  # called once per chart built (never on a cache hit)
        calls["slim"] += 1
        return real_slim(*a, **kw)

    monkeypatch.setattr(cache, "simulate", counting_simulate)
    monkeypatch.setattr(chart.slim, "figure", counting_slim)
    cache.run.clear()
    chart._built.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["seed"] = "424242"
    at.run()
    assert not at.exception
    assert calls["simulate"] == 1
    built = calls["slim"]
    assert built >= 4  # the page's charts were built once

    at.radio(key="gaussian.log_y").set_value("log").run()
    at.slider(key="gaussian.show_generation").set_value(50).run()
    assert not at.exception
    assert calls["simulate"] == 1, "a display-only control ran the simulation again"
    rebuilt = calls["slim"]
    assert rebuilt > built  # new display settings: the charts were drawn anew

    # (log axis, gen. 200) was drawn on the way, (auto, gen. 200) first: both come from the cache.
    at.slider(key="gaussian.show_generation").set_value(200).run()
    at.radio(key="gaussian.log_y").set_value("auto").run()
    assert calls["simulate"] == 1
    assert calls["slim"] == rebuilt, "charts already drawn were built again"
