"""Every chart's text alternative (collapse_ui/describe.py) says the digest's numbers: each
simulated median it names is found in the digest's bands, and the description carries that band's
first and last median and where 90% of chains end, as `describe.num` writes them; every theory
curve's end is the digest's. The page puts one description per chart in front of it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from collapse_core import simulate
from collapse_ui import describe, registry
from collapse_ui.figures import slim

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(registry.pages())


def _digest_and_charts(name: str):
    spec = registry.get(name)
    values = spec.defaults()
    d = spec.digest(simulate(spec.config_from(values)))
    return d, [(title, fig) for title, fig, _ in spec.charts(d, values)]


def _band_of(d, y: np.ndarray):
    """The digest band whose median the trace draws (None when no band matches)."""
    for name, b in d.bands.items():
        m = np.asarray(b.median, dtype=float)
        if m.size == y.size and np.allclose(m, y, rtol=1e-6, equal_nan=True):
            return name, b
    return None


def _finite_last(a) -> float:
    a = np.asarray(a, dtype=float)
    return float(a[np.flatnonzero(np.isfinite(a))[-1]])


def _finite_first(a) -> float:
    a = np.asarray(a, dtype=float)
    return float(a[np.flatnonzero(np.isfinite(a))[0]])


@pytest.mark.parametrize("name", SPECS)
def test_every_chart_description_says_the_digests_numbers(name):
    d, charts = _digest_and_charts(name)
    matched = 0
    for title, fig in charts:
        text = describe.describe(fig)
        assert text.startswith(describe.plain(fig.layout.title.text).rstrip(".")), text
        for t in fig.data:
            label = t.name or ""
            if not label.endswith(describe.MEDIAN) or label.startswith(describe.THEORY):
                continue
            found = _band_of(d, np.asarray(t.y, dtype=float))
            if found is None:
                continue  # a median the figure computed itself (e.g. a share); not a digest band
            metric, b = found
            matched += 1
            for value in (_finite_first(b.median), _finite_last(b.median)):
                assert describe.num(value) in text, (title, metric, value, text)
            lo, hi = sorted((_finite_last(b.q05), _finite_last(b.q95)))
            assert f"90% of chains end between {describe.num(lo)} and {describe.num(hi)}" in text, (
                title,
                metric,
                text,
            )
        theories = [t for t in fig.data if (t.name or "").startswith(describe.THEORY)]
        for t in theories[: describe.MAX_SERIES]:
            y = np.asarray(t.y, dtype=float)
            curves = [
                np.asarray(c, dtype=float)
                for c in d.theory.values()
                if np.ndim(c) == 1 and np.size(c) == y.size
            ]
            for curve in curves:
                if np.allclose(curve, y, rtol=1e-6, equal_nan=True):
                    assert describe.num(_finite_last(curve)) in text, (title, t.name, text)
                    matched += 1
    assert matched >= 1, f"{name}: no chart's description was checked against a digest band"


def test_the_gaussian_variance_description_in_the_familys_words():
    d, charts = _digest_and_charts("gaussian")
    _, fig = charts[0]
    text = describe.describe(fig)
    b = d.bands["variance_ratio"]
    assert "fitted variance ÷ true variance" in text
    assert f"goes from {describe.num(b.median[0])} to {describe.num(b.median[-1])}" in text
    assert f"expected value {describe.num(_finite_last(d.theory['expected_variance_ratio']))}" in text
    assert f"generation 0 to {describe.num(d.last)}" in text


def test_the_numbers_table_holds_the_charts_series_with_units():
    d, charts = _digest_and_charts("gaussian")
    _, fig = charts[0]
    frame = describe.table(slim.figure(fig))  # what the screen shows: few enough points to keep all
    assert frame is not None
    assert frame.columns[0] == "generation"
    median = "simulation: median (fitted variance ÷ true variance)"
    np.testing.assert_allclose(frame[median].to_numpy(), d.bands["variance_ratio"].median, rtol=1e-6)
    np.testing.assert_array_equal(frame["generation"].to_numpy(), d.generations)


def test_the_page_puts_a_description_before_every_chart():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    shown = [h.proto.body for h in at.get("html") if "mce-chart-description" in h.proto.body]
    assert len(shown) == len(at.get("plotly_chart")) > 0
    assert "fitted variance ÷ true variance" in shown[0]
    numbers = [e for e in at.get("expander") if "Show the numbers" in str(e.proto)]
    assert len(numbers) == len(shown)
    assert len(at.dataframe) == 0  # folded: no table is built or sent until asked for


def test_opening_show_the_numbers_sends_that_charts_table():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.session_state["gaussian.numbers.1"] = True  # what opening the first chart's expander sets
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 1
    frame = at.dataframe[0].value
    assert frame.columns[0] == "generation"
    assert "simulation: median (fitted variance ÷ true variance)" in frame.columns
