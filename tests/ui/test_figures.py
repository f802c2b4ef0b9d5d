"""The pure figure builders, digests and headline numbers, without Streamlit."""

from __future__ import annotations

import functools
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from collapse_core import GaussianConfig, simulate
from collapse_ui import palette
from collapse_ui.families import gaussian
from collapse_ui.families.gaussian.figures import density, drift, tails, variance
from collapse_ui.families.gaussian.headlines import headlines
from collapse_ui.figures import axis
from collapse_ui.headlines import first_below, percent
from collapse_ui.params import AxisParam

BUILDERS = {
    "variance": variance.figure,
    "density": density.figure,
    "tails": tails.figure,
    "drift": drift.figure,
}
OKABE_ITO = {
    palette.BLACK,
    palette.ORANGE,
    palette.SKY_BLUE,
    palette.BLUISH_GREEN,
    palette.YELLOW,
    palette.BLUE,
    palette.VERMILLION,
    palette.REDDISH_PURPLE,
    palette.GREY,
}


@functools.cache
def run(**kw):
    """A small real run (digests are immutable, so sharing them between tests is safe)."""
    base = {"sample_size": 20, "generations": 60, "replicates": 50, "seed": 3}
    return gaussian.digest_result(simulate(GaussianConfig(**{**base, **kw})))


def opaque(colour: str) -> str:
    """'rgba(0, 114, 178, 0.2)' -> '#0072B2': a band's fill is its palette colour, made translucent."""
    m = re.fullmatch(r"rgba\((\d+), (\d+), (\d+), [\d.]+\)", colour)
    return "#" + "".join(f"{int(c):02X}" for c in m.groups()) if m else colour


def traces(fig: go.Figure, name: str) -> list:
    return [t for t in fig.data if t.name == name]


@pytest.mark.parametrize("regime", ["replace", "accumulate", "accumulate-subsample"])
@pytest.mark.parametrize("chart", list(BUILDERS))
def test_every_chart_has_a_title_axis_titles_and_only_palette_colours(chart, regime):
    fig = BUILDERS[chart](run(regime=regime))
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and (fig.layout.yaxis.title.text or chart == "drift")
    colours = {t.line.color for t in fig.data if t.line.color} | {
        opaque(t.fillcolor) for t in fig.data if t.fillcolor
    }
    assert colours <= OKABE_ITO, colours - OKABE_ITO


def test_variance_median_and_band_are_the_digest_quantiles():
    d = run()
    fig = variance.figure(d)
    np.testing.assert_array_equal(traces(fig, "simulation: median")[0].y, d.bands["variance_ratio"].median)
    np.testing.assert_array_equal(
        traces(fig, "simulation: 5–95% of chains")[0].y, d.bands["variance_ratio"].q05
    )
    assert len([t for t in fig.data if t.legendgroup == "chains"]) == 5


def test_variance_draws_the_theory_that_applies_and_only_that():
    replace = variance.figure(run())
    assert traces(replace, "theory: expected value") and traces(replace, "theory: median")
    accumulate = variance.figure(run(regime="accumulate"))
    assert traces(accumulate, "theory: expected value") and not traces(accumulate, "theory: median")
    assert traces(accumulate, variance.LIMITS["accumulate_limit"])
    fresh = variance.figure(run(real_fraction=0.3))
    assert traces(fresh, variance.LIMITS["stationary_variance_ratio"])
    subsample = variance.figure(run(regime="accumulate-subsample"))
    assert not [t for t in subsample.data if t.name and t.name.startswith("theory")]


def test_theory_curves_are_dashed_or_dotted_and_labelled():
    theory = [
        t for t in variance.figure(run(regime="accumulate")).data if t.name and t.name.startswith("theory")
    ]
    # accumulate draws two: the expected value and its limit; none found must fail, not pass empty
    assert len(theory) >= 2, [t.name for t in theory]
    for t in theory:
        assert t.line.dash in ("dash", "dot", "dashdot"), t.name


def test_log_axis_and_the_underflow_note():
    d = run(sample_size=2, generations=1500)
    fig = variance.figure(d, log_y=True)
    assert fig.layout.yaxis.type == "log"
    low, high = fig.layout.yaxis.range
    assert low >= np.log10(variance.SMALLEST) - 1 and high > 0
    assert any("10<sup>−300</sup>" in a.text for a in fig.layout.annotations)
    assert not variance.figure(run(), log_y=True).layout.annotations


def test_density_truth_picked_and_shown_generations():
    d = run()
    fig = density.figure(d, picked=30)
    truth = traces(fig, "truth (generation 0)")[0]
    assert max(truth.y) == pytest.approx(1 / np.sqrt(2 * np.pi), rel=1e-3)
    assert traces(fig, "generation 30 (picked)")
    shown = density.shown_generations(60)
    assert shown[0] == 1 and shown[-1] == 60 and shown == sorted(set(shown))
    for g in shown:
        assert traces(fig, f"generation {g}")
    picked = traces(fig, "generation 30 (picked)")[0]
    mean, sd = density.fitted(d, 30)
    assert picked.x[int(np.argmax(picked.y))] == pytest.approx(mean, abs=sd / 10)


def test_density_picker_is_clamped_and_spikes_are_cut_with_a_note():
    d = run(sample_size=2)
    assert traces(density.figure(d, picked=10_000), "generation 60 (picked)")
    fig = density.figure(d)
    assert fig.layout.yaxis.range[1] <= density.CLIP / np.sqrt(2 * np.pi) + 1e-12
    assert any("run off the top" in a.text for a in fig.layout.annotations)


def test_tails_show_three_thresholds_on_a_log_axis():
    d = run()
    fig = tails.figure(d)
    assert fig.layout.yaxis.type == "log"
    medians = [t for t in fig.data if t.name.startswith("median, beyond")]
    assert len(medians) == 3
    np.testing.assert_array_equal(medians[1].y, d.bands["tail_ratio_3sigma"].median)


def test_drift_has_two_panels_with_theory_on_the_left():
    fig = drift.figure(run())
    assert fig.layout.xaxis2 and fig.layout.yaxis2
    rms = [t for t in fig.data if t.name == "theory: ± root-mean-square drift"]
    assert len(rms) == 2 and all(t.xaxis == "x" for t in rms)
    np.testing.assert_allclose(rms[0].y, -np.asarray(rms[1].y))


@pytest.mark.parametrize("chart", [variance, density, tails, drift])
def test_captions_are_one_plain_sentence(chart):
    for d in (run(), run(regime="accumulate"), run(real_fraction=0.4)):
        text = chart.caption(d)
        assert text.endswith(".") and text.count(". ") == 0 and len(text) < 220


def test_digest_bands_are_quantiles_of_the_result():
    res = simulate(GaussianConfig(sample_size=20, generations=30, replicates=40, seed=5))
    d = gaussian.digest_result(res)
    np.testing.assert_allclose(d.bands["wasserstein2"].median, np.median(res.metric("wasserstein2"), axis=0))
    assert d.chains["variance_ratio"].shape == (5, 31)
    assert d.config.seed == 5 and d.engine == "exact"


def test_headlines():
    assert [percent(x) for x in (0.37, 0.027, 1.2e-4, 1e-9, 0.0)] == [
        "37%",
        "2.7%",
        "0.012%",
        "< 0.001%",
        "< 0.001%",
    ]
    assert first_below(np.array([1.0, 0.5, 0.05, 0.2]), 0.1) == 2
    assert first_below(np.array([1.0, 0.5]), 0.1) is None
    labels = [h.label for h in headlines(run())]
    assert len(labels) == 4 and all(labels)


# ---------------------------------------------------------------- automatic log axis


def test_decades_counts_only_positive_finite_values():
    assert axis.decades([1.0, 0.1, 0.001]) == pytest.approx(3.0)
    assert axis.decades([1.0, 0.0, -5.0, np.nan, np.inf, 0.01]) == pytest.approx(2.0)
    assert axis.decades([0.0, 0.0]) == 0.0 and axis.decades([7.0]) == 0.0 and axis.decades() == 0.0
    assert axis.decades([1.0, 2.0], [1e-4]) == pytest.approx(np.log10(2e4))  # several curves together


@pytest.mark.parametrize(
    ("choice", "curve", "log"),
    [
        ("auto", [1.0, 0.5, 0.011], False),  # 1.96 decades: linear still shows it
        ("auto", [1.0, 0.5, 0.009], True),  # just over two decades
        ("auto", np.geomspace(1, 1e-300, 50), True),
        ("linear", np.geomspace(1, 1e-300, 50), False),  # the viewer can still force either
        ("log", [1.0, 0.9], True),
        (True, [1.0, 0.9], True),
        (False, [1.0, 1e-9], False),  # older callers' booleans
    ],
)
def test_use_log(choice, curve, log):
    assert axis.use_log(choice, curve) is log


def test_use_log_rejects_an_unknown_choice():
    with pytest.raises(ValueError, match="auto, linear, log"):
        axis.use_log("sideways", [1.0])


def test_axis_param_reads_old_toggle_values_and_rejects_others():
    p = AxisParam(name="log_y", label="axis")
    assert [p.parse(t) for t in ("auto", "LOG", "linear", "1", "0", "on", "false")] == [
        "auto",
        "log",
        "linear",
        "log",
        "linear",
        "log",
        "linear",
    ]
    assert p.clean(True) == "log" and p.clean(False) == "linear" and p.clean("auto") == "auto"
    with pytest.raises(ValueError):
        p.parse("maybe")


def test_variance_axis_auto_follows_how_far_the_median_falls():
    short, long = run(sample_size=200), run(sample_size=2, generations=1500)
    assert (
        axis.decades(short.bands["variance_ratio"].median)
        < 2
        < axis.decades(long.bands["variance_ratio"].median)
    )
    assert variance.figure(short).layout.yaxis.type == "linear"
    assert variance.figure(long).layout.yaxis.type == "log"
    assert variance.figure(long, log_y="linear").layout.yaxis.type == "linear"
    assert variance.figure(short, log_y="log").layout.yaxis.type == "log"
