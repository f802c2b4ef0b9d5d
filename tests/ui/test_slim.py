"""Decimated figures keep what a reader sees: extremes, ends, gaps; exports keep every point."""

from __future__ import annotations

import numpy as np
import pytest

from collapse_core import GaussianConfig, simulate
from collapse_ui.exporting import figure_data
from collapse_ui.families import gaussian
from collapse_ui.figures import slim


def test_short_traces_are_untouched():
    y = np.arange(100.0)
    assert np.array_equal(slim.keep_indices(y), np.arange(100))


@pytest.mark.parametrize("n", [503, 1001, 5001, 100_001])
def test_keeps_first_last_and_every_bucket_extreme(n):
    rng = np.random.default_rng(n)
    y = np.cumsum(rng.standard_normal(n))
    keep = slim.keep_indices(y)
    assert keep[0] == 0 and keep[-1] == n - 1
    assert keep.size <= 2 * slim.BUCKETS + 2
    assert np.all(np.diff(keep) > 0)
    assert y.argmax() in keep and y.argmin() in keep
    # Every bucket's extremes survive: the kept envelope equals the full one bucket by bucket.
    width = -(-n // slim.BUCKETS)
    for b in range(0, n, width):
        inside = keep[(keep >= b) & (keep < b + width)]
        assert y[inside].max() == y[b : b + width].max() and y[inside].min() == y[b : b + width].min()


def test_nan_gaps_stay_gaps():
    y = np.sin(np.arange(3000) / 50.0)
    y[1000:1200] = np.nan
    kept = y[slim.keep_indices(y)]
    assert np.isnan(kept).any()


def test_band_figure_keeps_band_extremes_and_ends():
    res = simulate(GaussianConfig(sample_size=5, generations=3000, replicates=50, seed=2))
    d = gaussian.digest_result(res)
    fig = gaussian.charts(
        d, {**{p.name: p.default for p in gaussian.PARAMS}, "generations": 3000, "show_generation": 3000}
    )[0].figure
    slimmed = slim.figure(fig)
    for full, thin in zip(fig.data, slimmed.data, strict=True):
        fy, ty = np.asarray(full.y, dtype=float), np.asarray(thin.y, dtype=float)
        if fy.size < 1000:
            continue
        assert ty.size < fy.size / 2
        assert np.nanmax(ty) == pytest.approx(np.nanmax(fy), rel=1e-6)
        assert np.nanmin(ty) == pytest.approx(np.nanmin(fy), rel=1e-6)
        assert ty[0] == pytest.approx(fy[0], rel=1e-6) and ty[-1] == pytest.approx(fy[-1], rel=1e-6)
        assert np.asarray(thin.x)[-1] == 3000
    # The original (what export writes) is unchanged.
    assert max(len(tr.x) for tr in fig.data) == 3001


def test_tiny_values_stay_float64():
    y = np.geomspace(1e-300, 1, 2000)
    assert slim.compact(y).dtype == np.float64
    assert slim.compact(np.linspace(0.1, 2, 10)).dtype == np.float32


def test_export_csv_holds_every_generation():
    res = simulate(GaussianConfig(sample_size=5, generations=3000, replicates=20, seed=2))
    d = gaussian.digest_result(res)
    fig = gaussian.charts(
        d, {**{p.name: p.default for p in gaussian.PARAMS}, "generations": 3000, "show_generation": 3000}
    )[0].figure
    text = figure_data.figure_csv(fig)
    median_rows = [line for line in text.splitlines() if "simulation: median" in line]
    assert len(median_rows) == 3001


def test_an_unchecked_copy_equals_the_original_and_shares_nothing():
    import plotly.io as pio

    from collapse_ui.figures import style

    fig = style.new_figure("t", "x", "y")
    fig.add_scatter(x=np.arange(5), y=np.arange(5.0), line={"color": "#000000", "width": 2}, name="a")
    assert fig._validate is False
    twin = slim.copy(fig)
    assert twin._validate is False and pio.to_json(twin) == pio.to_json(fig)
    twin.data[0].line.color = "#ffffff"
    twin.layout.template.layout.paper_bgcolor = "#123456"
    twin.data[0].y = np.zeros(5)
    assert fig.data[0].line.color == "#000000"
    assert fig.layout.template.layout.paper_bgcolor != "#123456"
    assert np.array_equal(np.asarray(fig.data[0].y), np.arange(5.0))
