"""A family registered from the test suite, without editing a shared file, joins every layer:
simulate(), the CLI (--family, its own flag, refusal of others' flags), presets, budgets,
the navigation, the cached page and the export registry."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from collapse_core import WorkBudgetError, budget, families, presets, simulate
from collapse_core.cli import main
from collapse_ui import registry
from tests import toy_family
from tests.core.test_import_graph import cycles, graph

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def toy():
    # Adding a family: one entry in each registry (the core's, the UI's), nothing else shared.
    families.register(toy_family.FAMILY)
    registry.register(toy_ui().PAGE)
    yield toy_family
    families.unregister(toy_family.FAMILY.name)
    registry.unregister(toy_ui().PAGE.name)


def toy_ui():
    """The toy's UI package, imported once its core family is registered (its controls are
    fitted to the family's budget, as every family page's are)."""
    return importlib.import_module("tests.toy_ui")


def test_the_toy_ui_is_one_folder_plus_its_page_script(toy):
    """Its page spec in __init__, the digest in digest.py, the charts in figures/ importing the
    digest from below: no import circle inside the folder."""
    folder = ROOT / "tests" / "toy_ui"
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*.py")} == {
        "__init__.py",
        "digest.py",
        "figures/__init__.py",
        "figures/rate.py",
    }
    g = graph(ROOT, ("tests/toy_ui",))
    assert cycles(g) == []
    assert "tests.toy_ui" not in g["tests.toy_ui.figures.rate"]  # figures never import the page module
    page = toy_ui().PAGE
    assert isinstance(page, registry.PageSpec) and page.script == "tests/toy_page.py"
    assert (ROOT / page.script).is_file()
    assert registry.get("toy-poisson") is page


def test_simulate_runs_the_toy_and_matches_its_theory(toy):
    res = simulate(toy.PoissonConfig(sample_size=20, generations=10, replicates=4000, seed=1))
    ratio = res.metric("rate_ratio")
    assert ratio.shape == (4000, 11) and res.provenance["family"] == "toy-poisson"
    # E[rate_t] = rate0: the sample mean's standard error bounds the Monte Carlo error.
    se = ratio[:, -1].std(ddof=1) / np.sqrt(ratio.shape[0])
    assert abs(ratio[:, -1].mean() - 1.0) < 4.5 * se


def test_budget_and_engine_checks_come_from_the_family(toy):
    with pytest.raises(WorkBudgetError, match="result cells"):
        budget.check(toy.PoissonConfig(replicates=100_000, generations=1000), "exact")
    with pytest.raises(ValueError, match="engine must be one of auto, exact for the toy-poisson family"):
        simulate(toy.PoissonConfig(seed=1), engine="monte-carlo")


def test_cli_knows_the_toy(toy, capsys):
    assert (
        main(
            [
                "simulate",
                "--family",
                "toy-poisson",
                "--rate0",
                "5",
                "--generations",
                "3",
                "--replicates",
                "2",
                "--seed",
                "1",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert (
        doc["config"]["rate0"] == 5.0
        and "rate_ratio" in doc["summary"]
        and "expected_rate_ratio" in doc["theory"]
    )
    assert main(["simulate", "--family", "gaussian", "--rate0", "5"]) == 2
    assert "--rate0 belongs to --family toy-poisson, not gaussian" in capsys.readouterr().err
    assert main(["simulate", "--family", "toy-poisson", "--sigma0", "2"]) == 2
    assert "--sigma0 belongs to --family gaussian" in capsys.readouterr().err
    assert main(["simulate", "--preset", "toy-poisson-demo", "--replicates", "3"]) == 0


def test_presets_include_the_toy(toy):
    assert presets.get("toy-poisson-demo").family == "toy-poisson"
    assert "toy-poisson-demo" in presets.for_family("toy-poisson")


def test_navigation_page_and_export_know_the_toy(toy):
    assert registry.get("toy-poisson") is toy_ui().PAGE
    from collapse_ui.exporting import pages as export_registry

    assert "toy-poisson" in export_registry.PAGES
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    # After a first run the page is found through st.navigation's registered pages (its url_path).
    at.switch_page("tests/toy_page.py").run()
    assert not at.exception, at.exception
    assert any(h.value == "A toy Poisson page" for h in at.header)
    assert len(at.get("plotly_chart")) >= 1
    assert any(m.label == "Rate left" for m in at.metric)
