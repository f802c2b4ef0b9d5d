"""Two groups in the regression: the pooled fit's group errors against their exact expectations
(replace, no real data after generation 1), at Z = 4.5 standard errors (stats_helpers)."""

from __future__ import annotations

import numpy as np
import pytest

from collapse_core import RegressionConfig, simulate
from collapse_core.regression import groups
from tests.statistical.stats_helpers import assert_mean_close

D, T, SIGMA, P, GAP, G = 5, 20, 1.0, 0.2, 2.0, 10


@pytest.fixture(scope="module")
def res():
    cfg = RegressionConfig(
        dimension=D,
        sample_size=T,
        noise=SIGMA,
        minority_share=P,
        group_gap=GAP,
        generations=G,
        replicates=20000,
        seed=26,
    )
    return simulate(cfg)


@pytest.mark.parametrize("t", [1, G])
def test_pooled_fit_aims_between_the_groups_nearer_the_majority(res, t):
    # E[w_t] = w* + p (w_B - w_A): the error's component along w_B - w_A has mean p ||w_B - w_A||.
    assert_mean_close(res.arrays["gap_projection"][:, t], P * GAP, f"E[(w_{t} - w*) . v]")


@pytest.mark.parametrize("t", [1, G])
def test_minority_error_exceeds_the_majority_by_the_exact_gap(res, t):
    assert_mean_close(
        res.metric("minority_error_gap")[:, t], (1 - 2 * P) * GAP**2, f"E[err_B - err_A] at {t}"
    )


@pytest.mark.parametrize("name", ["majority_error", "minority_error"])
def test_each_refit_adds_the_one_population_error_to_both_groups(res, name):
    grown = res.metric(name)[:, G] - res.metric(name)[:, 1]
    assert_mean_close(grown, (G - 1) * SIGMA**2 * D / (T - D - 1), f"{name}: growth from 1 to {G}")


def test_majority_error_is_the_test_error_and_groups_off_add_nothing():
    cfg = RegressionConfig(dimension=3, sample_size=10, generations=3, replicates=4, seed=1)
    res = simulate(cfg)
    assert "minority_error" not in res.metric_names and "gap_projection" not in res.arrays
    with_groups = simulate(
        RegressionConfig(
            dimension=3,
            sample_size=10,
            generations=3,
            replicates=4,
            seed=1,
            minority_share=0.1,
            group_gap=1.0,
        )
    )
    np.testing.assert_array_equal(with_groups.metric("majority_error"), with_groups.metric("test_error"))


def test_gap_direction_is_unit_and_orthogonal_to_w_star():
    for d in (2, 5, 50):
        v = groups.gap_direction(d)
        assert np.linalg.norm(v) == pytest.approx(1.0) and abs(v.sum()) < 1e-12


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"minority_share": 0.5}, "minority_share"),
        ({"minority_share": -0.1}, "minority_share"),
        ({"minority_share": float("nan")}, "minority_share"),
        ({"group_gap": -1.0}, "group_gap"),
        ({"group_gap": float("inf")}, "group_gap"),
        ({"group_gap": "2"}, "group_gap"),
    ],
)
def test_bad_group_settings_are_refused_by_name(fields, words):
    with pytest.raises(ValueError, match=words):
        RegressionConfig(**fields)
