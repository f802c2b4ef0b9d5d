"""The app builds its charts without Plotly's per-property checks (figures/style.VALIDATE, a
large share of every chart's build time). That is only safe while the checks change nothing:
every page's charts, at its defaults and at each of its presets, must be the same JSON with and
without them, as built, as slimmed for the screen, as restyled for a dark projector and as
prepared for export. The one difference allowed is how a number array is written: checked,
plotly writes a 2-point array as a list and may widen the screen's float32 back to float64;
unchecked it stays the typed array the slimming made. So arrays are compared as numbers, to
float32's precision (relative 1e-6), and everything else exactly."""

from __future__ import annotations

import base64
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from collapse_core import presets as preset_registry
from collapse_ui import cache, registry
from collapse_ui.classroom import presentation
from collapse_ui.exporting import pack
from collapse_ui.figures import slim, style


def decoded(node):
    """The JSON with every typed array ({"dtype", "bdata"}) and list of numbers as a float array."""
    if isinstance(node, dict):
        if set(node) >= {"dtype", "bdata"}:
            arr = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).astype(float)
            return arr.reshape(node["shape"]) if "shape" in node else arr
        return {k: decoded(v) for k, v in node.items()}
    if isinstance(node, list):
        if node and all((isinstance(v, (int, float)) and not isinstance(v, bool)) or v is None for v in node):
            return np.array([np.nan if v is None else v for v in node], dtype=float)
        return [decoded(v) for v in node]
    return node


def same(a, b, where: str = "") -> None:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        assert a.shape == b.shape and np.allclose(a, b, rtol=1e-6, atol=0, equal_nan=True), where
    elif isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), f"{where}: keys {sorted(a.keys() ^ b.keys())}"
        for k in a:
            same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def forms(fig: go.Figure) -> dict[str, dict]:
    shown = slim.figure(fig)
    return {
        "built": decoded(json.loads(pio.to_json(fig))),
        "slim": decoded(json.loads(pio.to_json(shown))),
        "dark projector": decoded(
            json.loads(pio.to_json(presentation.restyle(go.Figure(shown), present=True, dark=True)))
        ),
        "export": decoded(json.loads(pio.to_json(pack.export_figure(fig, "settings line")))),
    }


def check(monkeypatch, spec, values: dict) -> None:
    digest = cache.compute(spec.config_from(values), "auto")
    built = {}
    for checked in (True, False):
        monkeypatch.setattr(style, "VALIDATE", checked)
        built[checked] = [(title, forms(fig)) for title, fig, _ in spec.charts(digest, values)]
    assert len(built[True]) == len(built[False]) > 0
    for (title, a), (_, b) in zip(built[True], built[False], strict=True):
        for form in a:
            same(a[form], b[form], f"{spec.name}: chart {title!r} ({form})")


def test_the_comparison_can_fail():
    a = decoded({"y": {"dtype": "f4", "bdata": base64.b64encode(np.float32([1, 2]).tobytes()).decode()}})
    same(a, decoded({"y": [1.0, 2.0]}))
    with pytest.raises(AssertionError):
        same(a, decoded({"y": [1.0, 2.001]}))
    with pytest.raises(AssertionError):
        same({"line": {"color": "red"}}, {"line": {"color": "blue"}})


def test_the_app_builds_unchecked_by_default():
    assert style.VALIDATE is False
    assert style.new_figure("t", "x", "y")._validate is False


@pytest.mark.parametrize("page", list(registry.pages()))
def test_charts_at_defaults_are_the_same_without_checks(monkeypatch, page):
    spec = registry.get(page)
    check(monkeypatch, spec, {p.name: p.default for p in spec.params})


@pytest.mark.slow
@pytest.mark.parametrize("page", list(registry.pages()))
def test_charts_at_every_preset_are_the_same_without_checks(monkeypatch, page):
    from collapse_ui import preload

    spec = registry.get(page)
    for preset in preset_registry.for_page(page).values():
        check(monkeypatch, spec, preload.preset_values(spec, preset))


def test_an_unchecked_figure_gets_its_own_template(monkeypatch):
    monkeypatch.setattr(style, "VALIDATE", False)
    a, b = style.new_figure("a", "x", "y"), style.new_figure("b", "x", "y")
    a.layout.template.layout.paper_bgcolor = "#123456"
    assert b.layout.template.layout.paper_bgcolor != "#123456"
