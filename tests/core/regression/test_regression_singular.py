"""A singular X^T X in the regression chain (a subsample of copies of fixed real rows): the fit
is the minimum-norm least-squares solution, as np.linalg.lstsq gives in the reference loop.
The singular designs here are singular by construction (integer rows repeated), not by a CPU's
rounding."""

import numpy as np
import pytest
from regression_reference import reference_runs
from stats_helpers import assert_same_distribution

from collapse_core import simulate
from collapse_core.regression.config import RegressionConfig
from collapse_core.regression.engine import _solve

DESIGNS = {
    "rank 2 of 3": np.array(
        [[1.0, 2.0, 0.0], [1.0, 2.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0], [1.0, 3.0, 1.0]]
    ),
    "rank 1 of 3": np.array([[1.0, 2.0, -1.0]] * 5),
    "full rank": np.array(
        [[1.0, 2.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    ),
}
Y = np.array([0.5, -1.0, 2.0, 0.25, 1.5])


@pytest.mark.parametrize("name", DESIGNS)
def test_solve_gives_the_minimum_norm_least_squares_fit(name):
    x = DESIGNS[name]
    a, b = (x.T @ x)[None], (x.T @ Y)[None]
    want = np.linalg.lstsq(x, Y, rcond=None)[0]
    with np.errstate(all="raise"):
        got = _solve(a, b)[0]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


def test_regular_rows_beside_a_singular_one_are_solved_as_before():
    xs = np.stack([DESIGNS["full rank"], DESIGNS["rank 1 of 3"], DESIGNS["full rank"][::-1]])
    a, b = xs.swapaxes(1, 2) @ xs, (xs.swapaxes(1, 2) @ Y[:, None])[:, :, 0]
    got = _solve(a, b)
    for i in (0, 2):
        np.testing.assert_allclose(got[i], np.linalg.solve(a[i], b[i]), rtol=1e-12)
    np.testing.assert_allclose(got[1], np.linalg.lstsq(xs[1], Y, rcond=None)[0], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(("d", "m", "r"), [(3, 5, 0.2), (5, 8, 0.25)])
def test_subsample_with_fixed_real_rows_runs_through_singular_fits(d, m, r):
    cfg = RegressionConfig(
        dimension=d,
        sample_size=m,
        generations=60,
        replicates=1000,
        seed=0,
        regime="accumulate-subsample",
        real_fraction=r,
        real_source="fixed",
    )
    res = simulate(cfg)
    for name in ("excess_risk", "weight_error", "test_error"):
        assert np.all(np.isfinite(res.metric(name))), name


@pytest.mark.slow
def test_singular_fits_match_the_reference_loop():
    cfg = RegressionConfig(
        dimension=3,
        sample_size=5,
        generations=12,
        replicates=400,
        seed=0,
        regime="accumulate-subsample",
        real_fraction=0.2,
        real_source="fixed",
    )
    ref = reference_runs(cfg, 400, 5)
    got = simulate(cfg).metric("excess_risk")
    for t in (3, 6, 12):
        assert_same_distribution(got[:, t], ref[:, t - 1], f"excess_risk t={t}")
