"""The KDE and regression presets tell the truth: each contrast shows what its explanation says
(medians or shares across the preset's replicates at the last generation)."""

import numpy as np
import pytest
from stats_helpers import assert_mean_close

from collapse_core import presets, simulate
from collapse_core.kde import stationary_variance_ratio
from collapse_core.regression import expected_excess_risk

pytestmark = pytest.mark.slow


def _last(cfg, metric):
    return simulate(cfg).metric(metric)[:, -1]


def test_kde_spread_inflates_above_one_over_sqrt_m_and_shrinks_below():
    p = presets.get("kde-spread-inflates")
    assert stationary_variance_ratio(p.config) == pytest.approx(9.0)
    assert np.median(_last(p.config, "variance_ratio")) > 3.0
    assert np.median(_last(p.compare, "variance_ratio")) < 0.5  # h = 0.05 < 1/sqrt(100): heads for 0.25


def test_kde_silverman_explodes_under_replace_not_accumulate():
    p = presets.get("kde-silverman")
    assert np.median(_last(p.config, "variance_ratio")) > 20
    assert np.median(_last(p.compare, "variance_ratio")) < 2


def test_kde_modes_merge_unless_the_data_is_kept():
    p = presets.get("kde-modes")
    assert np.mean(_last(p.config, "modes") >= 2) < 0.4
    assert np.mean(_last(p.compare, "modes") >= 2) > 0.75


def test_regression_stories():
    rep = presets.get("regression-replace").config
    one = rep.dimension / (rep.sample_size - rep.dimension - 1)
    assert np.mean(_last(rep, "excess_risk_ratio")) > 0.8 * rep.generations * one  # linear growth
    acc = presets.get("regression-accumulate").config
    # bounded: the expected error stays below pi^2/6 one fit's, and the simulation agrees with it
    expected = expected_excess_risk(acc)[-1] / acc.noise**2
    assert expected < one * np.pi**2 / 6
    assert_mean_close(_last(acc, "excess_risk_ratio"), expected, "regression-accumulate at G")
    real = presets.get("regression-real-data").config
    assert np.mean(_last(real, "excess_risk_ratio")) < 5 * one  # settles
