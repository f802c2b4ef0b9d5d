"""The vocabulary page's pure parts: digest, chart builders, headlines, word table; no Streamlit."""

from __future__ import annotations

import functools
import pickle

import numpy as np
import plotly.graph_objects as go
import pytest
from test_figures import OKABE_ITO, opaque

from collapse_core import simulate
from collapse_core.categorical import CategoricalConfig
from collapse_ui.families import categorical as vocabulary


@functools.cache
def run(**kw) -> vocabulary.VocabDigest:
    base = {"categories": 500, "sample_size": 500, "generations": 60, "replicates": 40, "seed": 3}
    return vocabulary.digest_result(simulate(CategoricalConfig(**{**base, **kw})))


CASES = [
    {},
    {"truth": "english"},
    {"truth": "uniform", "categories": 10},
    {"real_fraction": 0.2},
    {"smoothing": 0.1},
    {"regime": "accumulate-subsample"},
    {"regime": "accumulate"},
    {"temperature": 0.9, "top_p": 0.95},
    {"real_fraction": 0.2, "real_source": "fixed"},
]


@pytest.mark.parametrize("kw", CASES, ids=[str(c) for c in CASES])
def test_charts_have_titles_axis_titles_palette_colours_and_one_sentence_captions(kw):
    out = vocabulary.charts(run(**kw), {})
    assert len(out) == 5  # four charts and the collapse share
    for title, fig, caption in out:
        assert isinstance(fig, go.Figure) and fig.layout.title.text == title
        assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
        colours = (
            {t.line.color for t in fig.data if t.line and t.line.color}
            | {opaque(t.fillcolor) for t in fig.data if t.fillcolor}
            | {t.marker.color for t in fig.data if t.mode == "markers"}
        )
        assert colours <= OKABE_ITO, colours - OKABE_ITO
        assert caption.endswith(".") and caption.count(". ") == 0 and len(caption) < 220


def test_theory_is_drawn_dashed_where_it_applies_only():
    """The drift curve only for plain drift; the fresh-sample baseline (dash-dot) everywhere."""

    def theory(d):
        return [t for t in vocabulary.charts(d)[0][1].data if t.name and t.name.startswith("theory")]

    fresh, curve = theory(run())
    assert curve.line.dash == "dash" and "expected value" in curve.name
    np.testing.assert_allclose(curve.y, run().theory["expected_surviving"])
    assert fresh.line.dash == "dashdot" and fresh.name == "theory: fresh sample of 500 tokens, no recursion"
    for kw in ({"real_fraction": 0.2}, {"smoothing": 0.1}, {"temperature": 0.9}):
        (only,) = theory(run(**kw))
        assert only.line.dash == "dashdot"
        np.testing.assert_allclose(only.y, fresh.y)


def test_rank_frequency_curves_are_log_log_and_end_where_the_tail_is_cut():
    d = run()
    fig = vocabulary.charts(d)[1][1]
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    lines = [t for t in fig.data if t.mode == "lines"]
    assert lines[0].name.startswith("truth") and lines[0].x[-1] == 500
    assert lines[-1].name.startswith(f"generation {d.last}")
    ends = [t.x[-1] for t in lines]
    assert ends == sorted(ends, reverse=True) and ends[-1] < ends[0]  # shorter and shorter
    assert all(len(t.x) <= vocabulary.RANK_POINTS for t in lines)
    english = vocabulary.charts(run(truth="english"))[1][1]
    assert english.data[0].customdata[0] == "the"


def test_lost_minus_brought_back_is_what_is_missing_now():
    for d in (run(), run(real_fraction=0.2)):
        lost, back = d.bands["lost_total"].median, d.bands["revived_total"].median
        assert lost[0] == back[0] == 0 and np.all(np.diff(lost) >= 0)
    assert run().bands["revived_total"].median[-1] == 0
    assert run(real_fraction=0.2).bands["revived_total"].median[-1] > 0
    # one chain exactly: K - surviving
    res = simulate(
        CategoricalConfig(
            categories=200, sample_size=300, generations=30, replicates=1, real_fraction=0.3, seed=4
        )
    )
    d = vocabulary.digest_result(res)
    missing = 200 - res.metric("surviving")[0]
    np.testing.assert_array_equal(d.bands["lost_total"].median - d.bands["revived_total"].median, missing)


def test_small_vocabulary_has_no_tail_and_says_so():
    d = run(truth="uniform", categories=10)
    assert "tail_coverage_top10" not in d.bands and "tail_coverage_top100" not in d.bands
    fig = vocabulary.charts(d)[2][1]
    assert any("no tail" in a.text for a in fig.layout.annotations)
    assert [h.value for h in vocabulary.headlines(d)][2] == "–"


def test_digest_is_small_and_picklable():
    cfg = CategoricalConfig(
        truth="english", categories=50_000, sample_size=2000, generations=100, replicates=20, seed=1
    )
    d = vocabulary.digest_result(simulate(cfg))
    assert len(d.words["word"]) == vocabulary.MAX_WORDS < d.words_lost
    assert max(d.words["rank"]) < 50_000  # the most common lost words are kept
    assert len(pickle.dumps(d)) < 400_000


def test_headlines_and_word_summary():
    d = run(truth="english")
    labels = [h.label for h in vocabulary.headlines(d)]
    assert labels == ["Words left", "Lost to recursion", "Rare words still known", "Brought back"]
    assert "of the 500 words are gone by generation 60" in vocabulary.word_summary(d)
