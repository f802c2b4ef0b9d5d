"""Preloading (collapse_ui/preload.py, run by collapse_ui.serve before the server listens): what
it stores equals a fresh run, and a page at its defaults or at a preset then opens without
simulating or building a chart (counted calls)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collapse_core import WorkBudgetError, simulate
from collapse_core import presets as preset_registry
from collapse_ui import cache, chart, preload, registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def empty_caches():
    def clear():
        preload.clear()
        cache.run.clear()
        chart._built.clear()

    clear()
    yield
    clear()  # other tests count their own simulate calls


@pytest.fixture
def counted(monkeypatch):
    calls = {"simulate": 0, "build": 0}
    real_simulate, real_build = cache.simulate, chart.build

    def counting_simulate(*a, **kw):
        calls["simulate"] += 1
        return real_simulate(*a, **kw)

    def counting_build(*a, **kw):
        calls["build"] += 1
        return real_build(*a, **kw)

    monkeypatch.setattr(cache, "simulate", counting_simulate)
    monkeypatch.setattr(chart, "build", counting_build)
    return calls


def test_defaults_cover_every_page_and_equal_a_fresh_run():
    preload.defaults()
    for spec in registry.pages().values():
        cfg = spec.config_from({p.name: p.default for p in spec.params})
        stored = preload.digest(cfg)
        assert stored is not None, spec.name
        assert pickle.dumps(stored) == pickle.dumps(spec.digest(simulate(cfg))), spec.name
        assert preload.charts(
            spec.name, cfg, chart.display_key(spec, {p.name: p.default for p in spec.params})
        )


def test_a_page_at_its_defaults_opens_without_simulating_or_building(counted):
    preload.warm(registry.get("gaussian"), {p.name: p.default for p in registry.get("gaussian").params})
    counted.update(simulate=0, build=0)  # the preload's own work
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 4
    assert counted == {"simulate": 0, "build": 0}
    # Another seed is not preloaded: it is simulated and drawn, as before.
    at.number_input(key="gaussian.seed").set_value(99).run()
    assert not at.exception
    assert counted["simulate"] == 1 and counted["build"] == 1


@pytest.mark.parametrize("name", ["paper-gaussian", "keep-10pct-real"])
def test_a_preset_link_opens_from_the_preload(counted, name):
    preset = preset_registry.get(name)
    spec = registry.get(preset.family)
    preload.warm(spec, preload.preset_values(spec, preset), (preset.compare,))
    counted.update(simulate=0, build=0)  # the preload's own work
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["preset"] = name
    at.run()
    assert not at.exception
    assert counted["simulate"] == 0, "the preset (or its comparison side) was simulated again"
    assert counted["build"] == 0, "the preset's charts were built again"


def test_a_failing_page_is_skipped_and_the_others_are_preloaded(monkeypatch, caplog):
    real_warm = preload.warm

    def warm(spec, values, extra=()):
        if spec.name == "categorical":
            raise RuntimeError("broken on purpose")
        return real_warm(spec, values, extra)

    monkeypatch.setattr(preload, "warm", warm)
    preload.defaults()
    assert "categorical defaults failed" in caplog.text
    gauss = registry.get("gaussian")
    assert preload.digest(gauss.config_from({p.name: p.default for p in gauss.params})) is not None


def test_a_run_over_the_interactive_budget_is_never_preloaded():
    spec = registry.get("gaussian")
    values = {p.name: p.default for p in spec.params}
    values.update(sample_size=1000, generations=5000, replicates=1000, regime="accumulate-subsample")
    with pytest.raises(WorkBudgetError, match="interactive"):
        preload.warm(spec, values)
    assert preload.digest(spec.config_from(values)) is None


@pytest.mark.slow
def test_every_preset_link_opens_from_the_preload(counted):
    """defaults() and presets() as the server runs them, then every preset's short link on its
    page: nothing is simulated or built again (the preload stores the keys the pages ask for)."""
    preload.defaults()
    preload.presets()
    assert preload.PRESETS_DONE.is_set()
    counted.update(simulate=0, build=0)
    for spec in registry.pages().values():
        for name in preset_registry.for_page(spec.name):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
            at.query_params.clear()
            at.query_params["preset"] = name
            at.switch_page(spec.script).run()
            assert not at.exception, name
            assert at.get("plotly_chart"), name
            assert counted == {"simulate": 0, "build": 0}, f"preset {name} was computed again"
