"""A prepared figure sends exactly what Streamlit would have sent for the figure itself, and
sending never changes what the cache holds (collapse_ui/figures/sendable.py)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools as ptools
import pytest

from collapse_ui import patches, registry
from collapse_ui.figures import sendable, slim


@pytest.fixture(autouse=True)
def installed():
    """The app installs the plotly.io.to_json memo and the figure memos at start-up."""
    patches.install()


def wire(fig) -> str:
    """The spec string st.plotly_chart builds (streamlit/elements/plotly_chart.py, 1.67)."""
    return pio.to_json(ptools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


def sample_figure(seed: int) -> go.Figure:
    rng = np.random.default_rng(seed)
    fig = go.Figure(layout={"template": "plotly_white", "title": {"text": "t"}, "height": 400})
    x = np.arange(300)
    fig.add_scatter(x=x, y=rng.standard_normal(300).cumsum(), mode="lines", name="a", uid="drop-me")
    fig.add_scatter(x=x, y=np.where(rng.random(300) < 0.05, np.nan, rng.random(300)), fill="tonexty")
    fig.add_heatmap(z=rng.random((5, 7)), showscale=False, xaxis="x2", yaxis="y2")
    return fig


@pytest.mark.parametrize("seed", range(5))
def test_prepared_sends_the_same_json(seed):
    fig = sample_figure(seed)
    assert wire(sendable.prepared(fig)) == wire(fig)
    assert '"uid"' not in wire(sendable.prepared(fig))  # plotly drops trace uids; so do we


def test_sending_twice_leaves_the_figure_and_its_dict_alone():
    fig = sample_figure(7)
    before = fig.to_json()
    first = wire(sendable.prepared(fig))
    second = wire(sendable.prepared(fig))
    assert first == second
    assert fig.to_json() == before
    # The remembered dict is built once per figure object.
    assert sendable.prepared(fig)._spec is sendable.prepared(fig)._spec


@pytest.mark.parametrize("page", ["gaussian", "categorical"])
def test_every_chart_of_a_page_sends_as_before(page):
    spec = registry.get(page)
    values = {p.name: p.default for p in spec.params}
    from collapse_ui import cache

    digest = cache.compute(spec.config_from(values), "auto")
    for _, fig, _ in spec.charts(digest, values):
        shown = slim.figure(fig)
        assert wire(sendable.prepared(shown)) == wire(shown)


def test_a_restyled_copy_is_kept_per_key_and_never_touches_the_shared_figure():
    from collapse_ui import chart

    shared = sample_figure(3)
    before = shared.to_json()
    calls = []

    def style(fig):
        calls.append(1)
        fig.update_layout(paper_bgcolor="#000000")
        return fig

    a = chart._styled(shared, style, (True, False))
    b = chart._styled(shared, style, (True, False))
    c = chart._styled(shared, style, (False, True))
    assert a is b and a is not c and len(calls) == 2
    assert a.layout.paper_bgcolor == "#000000"
    assert shared.to_json() == before
    chart._styled(shared, style, None)  # no key: restyled afresh each time
    assert len(calls) == 3


def test_the_json_is_encoded_once_per_figure(monkeypatch):
    """Streamlit's plotly.io.to_json call answers a prepared figure's dict from its memo; any
    other figure or dict is encoded every time, as before."""
    import plotly.io._json as pjson

    calls = []
    real = pjson.to_json_plotly
    monkeypatch.setattr(pjson, "to_json_plotly", lambda *a, **k: calls.append(1) or real(*a, **k))
    fig, other = sample_figure(11), sample_figure(12)
    texts = [wire(sendable.prepared(fig)) for _ in range(3)]
    assert len(calls) == 1 and texts[0] == texts[1] == texts[2]
    assert wire(sendable.prepared(other)) != texts[0] and len(calls) == 2  # its own memo
    wire(fig)
    wire(fig.to_dict())
    assert len(calls) == 4  # not prepared: encoded as plotly always does
    assert (
        pio.to_json(sendable.prepared(fig).to_dict(), pretty=True) != texts[0]
    )  # other options pass through


def test_warm_makes_what_is_sent(monkeypatch):
    import plotly.io._json as pjson

    fig = sample_figure(13)
    sendable.warm(fig)
    calls = []
    real = pjson.to_json_plotly
    monkeypatch.setattr(pjson, "to_json_plotly", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert wire(sendable.prepared(fig)) == wire(fig) and len(calls) == 1  # only the unprepared one
