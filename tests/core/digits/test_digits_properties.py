"""Invariants of the digits chain over small random configurations (hypothesis), and the grid
figure's layout."""

import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collapse_core import simulate
from collapse_core.digits import DigitsConfig
from collapse_core.digits.data import CLASSES, STYLE_CLUSTERS
from collapse_core.digits.metrics import STORED
from collapse_ui.families.digits.figures.grid import GAP, SIDE, mosaic

configs = st.builds(
    DigitsConfig,
    sample_size=st.integers(2, 40),
    generations=st.integers(1, 5),
    replicates=st.integers(1, 4),
    seed=st.integers(0, 2**32),
    regime=st.sampled_from(["replace", "accumulate", "accumulate-subsample"]),
    real_fraction=st.sampled_from([0.0, 0.0, 0.25, 1.0]),
    real_source=st.sampled_from(["fresh", "fixed"]),
    components=st.integers(1, 12),
    class_prior=st.sampled_from(["refitted", "fixed"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs)
def test_invariants(cfg):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        res = simulate(cfg)
    for name in STORED:
        x = res.metric(name)
        assert x.shape == (cfg.replicates, cfg.generations + 1) and np.all(np.isfinite(x)), name
    assert np.all((res.metric("recognisable") >= 0) & (res.metric("recognisable") <= 1))
    assert np.all((res.metric("styles") >= 1 - 1e-9) & (res.metric("styles") <= STYLE_CLUSTERS + 1e-9))
    assert np.all(res.metric("styles_occupied") <= min(STYLE_CLUSTERS, cfg.sample_size))
    assert np.all(res.metric("frechet_pca") >= 0) and np.all(res.metric("within_class_variance") >= 0)
    alive = res.metric("classes_alive")
    assert np.all((alive >= 1) & (alive <= CLASSES))
    prior = res.arrays["class_prior"]
    np.testing.assert_allclose(prior.sum(axis=2), 1.0, atol=1e-12)
    if cfg.class_prior == "refitted" and cfg.regime == "replace" and cfg.n_real == 0:
        # Without real data a lost digit never returns.
        assert np.all(np.diff(alive, axis=1) <= 0)


def test_mosaic_places_each_image_and_leaves_gaps():
    images = np.arange(2 * CLASSES * 3 * 64, dtype=float).reshape(2, CLASSES, 3, 64)
    images[1, 4] = np.nan  # a digit the model no longer draws
    z, ys, xs = mosaic(images)
    assert len(ys) == CLASSES and len(xs) == 2
    cell = SIDE + GAP
    np.testing.assert_array_equal(z[:SIDE, :SIDE], images[0, 0, 0].reshape(SIDE, SIDE))
    np.testing.assert_array_equal(
        z[2 * cell : 2 * cell + SIDE, cell : cell + SIDE], images[0, 2, 1].reshape(SIDE, SIDE)
    )
    assert np.isnan(z[SIDE]).all()  # the gap row under the first digit
    x0 = int(xs[1] - (3 * cell - GAP - 1) / 2)
    assert np.isnan(z[4 * cell : 4 * cell + SIDE, x0 : x0 + 3 * cell - GAP]).all()


def test_grid_csv_has_one_row_per_drawn_pixel():
    import csv
    import io

    import plotly.graph_objects as go

    from collapse_ui.exporting.figure_data import figure_csv

    z = np.array([[1.0, np.nan], [3.0, 4.0]])
    rows = list(csv.DictReader(io.StringIO(figure_csv(go.Figure(go.Heatmap(z=z, name="g"))))))
    assert [(r["x"], r["y"], r["z"]) for r in rows] == [
        ("0", "0", "1.0"),
        ("0", "1", "3.0"),
        ("1", "1", "4.0"),
    ]
    plain = figure_csv(go.Figure(go.Scatter(x=[0, 1], y=[2, 3])))
    assert plain.splitlines()[0] == "trace,xaxis,yaxis,x,y"  # other charts keep their columns
