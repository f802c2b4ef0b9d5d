"""The fast summary equals the plain recipe (np.mean and np.quantile, linear) for every metric."""

from __future__ import annotations

import numpy as np
import pytest

from collapse_core import CategoricalConfig, GaussianConfig, simulate
from collapse_core import summary as summary_mod
from collapse_core.categorical import metrics as cat_metrics
from collapse_core.gaussian import metrics as gauss_metrics
from collapse_core.result import summarise


def assert_summary_equal(ref: dict, got: dict, what: str) -> None:
    assert set(got) == set(summary_mod.SUMMARY_STATS), what
    for stat in summary_mod.SUMMARY_STATS:
        np.testing.assert_allclose(
            got[stat], ref[stat], rtol=1e-12, atol=0, equal_nan=True, err_msg=f"{what} {stat}"
        )


def check_result(res) -> None:
    full = res.summary()
    assert list(full) == list(res.metric_names)
    for name in res.metric_names:
        assert_summary_equal(summary_mod.plain_summarise(res.metric(name)), full[name], name)
    # a subset gives the same numbers as the full summary
    for subset in (res.metric_names[::3], res.metric_names[-2:], (res.metric_names[1],)):
        part = res.summary(subset)
        assert list(part) == list(subset)
        for name in subset:
            for stat in summary_mod.SUMMARY_STATS:
                np.testing.assert_array_equal(part[name][stat], full[name][stat], err_msg=f"{name} {stat}")


GAUSSIAN = [
    dict(sample_size=50, generations=30, replicates=200, regime="replace"),
    dict(sample_size=50, generations=30, replicates=200, regime="accumulate"),
    dict(sample_size=20, generations=40, replicates=5, regime="replace", real_fraction=0.3),
    dict(
        sample_size=30,
        generations=25,
        replicates=200,
        regime="accumulate",
        real_fraction=0.5,
        real_source="fixed",
    ),
    dict(sample_size=2, generations=3000, replicates=5, regime="replace"),  # extreme collapse
    dict(sample_size=2, generations=2000, replicates=2, regime="replace", mu0=3.0, sigma0=0.5),
    dict(sample_size=10, generations=20, replicates=1, regime="replace"),
    dict(
        sample_size=10,
        generations=20,
        replicates=200,
        regime="replace",
        estimator="unbiased",
        mu0=-2.0,
        sigma0=3.0,
    ),
]


@pytest.mark.parametrize("kw", GAUSSIAN, ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()))
def test_gaussian_summary_equals_plain_quantiles(kw):
    res = simulate(GaussianConfig(seed=11, **kw))
    check_result(res)


def test_gaussian_extreme_collapse_is_really_extreme():
    res = simulate(GaussianConfig(sample_size=2, generations=3000, replicates=5, seed=11))
    assert res.arrays["log_variance"][:, -1].max() < -700  # variance below float64's range


def test_gaussian_parallel_path_equals_plain(monkeypatch):
    """Large enough to split over the pool, with several column blocks per worker."""
    monkeypatch.setattr(summary_mod, "_TILE_CELLS", 1000)
    res = simulate(GaussianConfig(sample_size=100, generations=400, replicates=400, seed=3))
    assert res.arrays["mean"].size >= summary_mod._MIN_PARALLEL_CELLS
    check_result(res)


CATEGORICAL = [
    dict(categories=50, sample_size=100, generations=30, replicates=200),
    dict(categories=8, sample_size=20, generations=20, replicates=5),  # K <= 10: tail coverage NaN
    dict(categories=200, sample_size=300, generations=15, replicates=2, regime="accumulate"),
    dict(categories=30, sample_size=40, generations=10, replicates=1, real_fraction=0.5),
]


@pytest.mark.parametrize("kw", CATEGORICAL, ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()))
def test_categorical_summary_equals_plain_quantiles(kw):
    res = simulate(CategoricalConfig(seed=5, **kw))
    check_result(res)
    if kw["categories"] <= 10:
        assert np.isnan(res.summary(("tail_coverage_top10",))["tail_coverage_top10"]["median"]).all()


def test_categorical_integer_metrics_stay_integers():
    res = simulate(CategoricalConfig(categories=20, sample_size=30, generations=10, replicates=7, seed=1))
    for name in (*cat_metrics.INT_METRICS, "extinct", "ever_extinct"):
        assert res.metric(name).dtype.kind == "i", name


@pytest.mark.parametrize("r", [1, 2, 5, 200])
@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.float32])
def test_summarise_equals_plain(r, dtype):
    rng = np.random.default_rng(r)
    x = (rng.standard_normal((r, 37)) * 10).astype(dtype)
    assert_summary_equal(summary_mod.plain_summarise(x), summarise(x), f"R={r}")


def test_summarise_nan_inf_and_signed_zero():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50, 8))
    x[3, 1] = np.nan
    x[:, 2] = np.nan
    x[7, 3] = -np.nan
    x[:, 4] = np.inf
    x[::2, 5] = -np.inf
    x[:, 6] = 0.0
    x[::3, 6] = -0.0
    with np.errstate(invalid="ignore"):
        ref = summary_mod.plain_summarise(x)
        got = summarise(x)
    assert_summary_equal(ref, got, "nan/inf")


def test_summarise_large_parallel():
    x = np.random.default_rng(1).standard_normal((600, 400))
    assert x.size >= summary_mod._MIN_PARALLEL_CELLS
    assert_summary_equal(summary_mod.plain_summarise(x), summarise(x), "parallel")


def test_declared_monotone_metrics_are_monotone():
    cfg = GaussianConfig(sample_size=10, generations=5, replicates=5, mu0=1.0, sigma0=2.0, seed=0)
    x = np.linspace(-50, 50, 2001)
    for name, spec in gauss_metrics.MONOTONE.items():
        y = spec.fn(np.linspace(0, 1, 2001) if spec.base.startswith("tail") else x, cfg)
        assert np.all(np.diff(y) >= 0) if spec.increasing else np.all(np.diff(y) <= 0), name


def test_gaussian_tail_mass_in_place_is_the_plain_formula():
    """The tail mass works in place for the summary's sake; its bits are the plain expression's."""
    from scipy import special

    rng = np.random.default_rng(4)
    m = rng.normal(0.5, 3.0, (40, 30))
    sd = np.exp(rng.uniform(-800, 3, (40, 30)) / 2)  # down to collapsed models (z = +-inf)
    sd[0, :3] = [np.inf, 1e-300, np.finfo(float).tiny]
    m[1, :2] = [np.inf, np.nan]
    cfg = GaussianConfig(sample_size=10, generations=5, replicates=5, mu0=0.5, sigma0=2.0, seed=0)
    for k in gauss_metrics.TAIL_KS:
        with np.errstate(over="ignore", invalid="ignore"):
            plain = special.ndtr(-((cfg.mu0 + k * cfg.sigma0 - m) / sd)) + special.ndtr(
                (cfg.mu0 - k * cfg.sigma0 - m) / sd
            )
            got = gauss_metrics._tail_mass(m, sd, cfg, k)
        np.testing.assert_array_equal(got, plain, err_msg=f"k={k}")
        assert got.view(np.int64).tolist() == plain.view(np.int64).tolist()  # signed zeros too


def test_unknown_metric_is_refused():
    res = simulate(GaussianConfig(sample_size=10, generations=5, replicates=5, seed=0))
    with pytest.raises(ValueError, match="unknown metric"):
        res.summary(("nope",))
