"""The collapse metrics (issue 12: Suresh et al.'s P(sigma_t > epsilon); the share of chains in
total collapse) against exact probabilities, at 4.5 binomial standard errors."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from collapse_core import CategoricalConfig, GaussianConfig, simulate
from collapse_core.gaussian.metrics import COLLAPSE_FLOOR, SD_EPSILON

R = 20_000


def _p_product_above(m: int, c: float, t: int) -> float:
    """P(prod of t iid chi2_{m-1}/m > c) for t = 1, 2 (MLE variance ratio under replace)."""
    x = stats.chi2(m - 1, scale=1.0 / m)
    if t == 1:
        return float(x.sf(c))
    return float(integrate.quad(lambda u: x.pdf(u) * x.sf(c / u), 0, np.inf, limit=200)[0])


@pytest.mark.parametrize("t", [1, 2])
def test_p_sd_above_epsilon_matches_the_chi_square_law(t):
    m = 5
    res = simulate(GaussianConfig(sample_size=m, generations=2, replicates=R, seed=31))
    share = res.metric("sd_above_epsilon")[:, t].mean()
    p = _p_product_above(m, SD_EPSILON**2, t)
    assert abs(share - p) < 4.5 * np.sqrt(p * (1 - p) / R)


def test_collapsed_is_the_share_below_the_floor_and_grows():
    res = simulate(GaussianConfig(sample_size=2, generations=60, replicates=2000, seed=5))
    collapsed = res.metric("collapsed")
    assert np.array_equal(
        collapsed, (res.metric("log_variance_ratio") < np.log(COLLAPSE_FLOOR)).astype(float)
    )
    share = collapsed.mean(axis=0)
    assert share[0] == 0 and share[-1] > 0.9 and share[-1] > share[10]


def test_categorical_collapse_is_fixation_for_two_categories():
    """K = 2 under Wright-Fisher: collapse (one word left) is fixation; by t = 1 it has
    probability p1^M + p2^M exactly."""
    m = 4
    cfg = CategoricalConfig(
        truth="uniform", categories=2, sample_size=m, generations=150, replicates=10_000, seed=2
    )
    collapsed = simulate(cfg).metric("collapsed")
    r = cfg.replicates
    p = 2 * 0.5**m
    assert abs(collapsed[:, 1].mean() - p) < 4.5 * np.sqrt(p * (1 - p) / r)
    assert collapsed[:, -1].mean() > 0.999  # fixation is certain in the long run
    assert np.all(np.diff(collapsed, axis=1) >= 0)  # absorbing without real data
