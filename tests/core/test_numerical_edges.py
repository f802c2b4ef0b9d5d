"""Numerical edges (issue 16): the smallest samples over very long chains, the largest and
smallest vocabularies, smoothing 0 and its largest value, Zipf exponents 0 and 10, all-real data.
Each run gives finite output (every summary statistic and theory value a finite number, through
the command line's JSON document) or a clear error naming the setting; never a warning (pytest
turns RuntimeWarnings into errors: no overflow, division by zero or invalid value on the way).

Categorical tail coverage beyond the top 10 / top 100 is undefined (NaN, null in JSON) when the
vocabulary has no such tail (K <= 10 / K <= 100): tested here and documented in the README.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from collapse_core import GaussianConfig, families, simulate
from collapse_core.budget import BATCH
from collapse_core.categorical import TAIL_RANKS, CategoricalConfig
from collapse_core.categorical.config import MAX_ENGLISH_CATEGORIES, MAX_SMOOTHING, MAX_ZIPF_EXPONENT
from collapse_core.output import document


def finite_document(cfg, engine="auto", allow_nan=()):
    """Run through the CLI's document: every summary number and theory value finite."""
    fam = families.of(cfg)
    res = simulate(cfg, engine=engine, budget=BATCH)
    doc = document(res, fam.theory(res.config))
    for metric, stats in doc["summary"].items():
        if metric in allow_nan:
            continue
        for stat, values in stats.items():
            arr = np.array([np.nan if v is None else v for v in values], dtype=float)
            assert np.isfinite(arr).all(), (
                f"{metric} {stat}: not finite at generations {np.flatnonzero(~np.isfinite(arr))[:5]}"
            )
    for name, value in (doc.get("theory") or {}).items():
        if isinstance(value, list):
            assert all(v is not None and math.isfinite(v) for v in value), f"theory {name} not finite"
        elif isinstance(value, float):
            assert math.isfinite(value), f"theory {name} not finite"
    return res, doc


# ---------------------------------------------------------------- Gaussian: M = 2, G = 10 000

GAUSS_ENGINES = families.get("gaussian").engines
GAUSS_CASES = [
    pytest.param(
        regime,
        est,
        engine,
        r,
        marks=() if (regime, est, r) == ("replace", "mle", 0.0) else (pytest.mark.slow,),
        id=f"{regime}-{est}-{engine}-r{r:g}",
    )
    for regime, est, engine, r in itertools.product(
        ("replace", "accumulate", "accumulate-subsample"), ("mle", "unbiased"), GAUSS_ENGINES, (0.0, 1.0)
    )
]


@pytest.mark.parametrize(("regime", "estimator", "engine", "r"), GAUSS_CASES)
def test_gaussian_two_points_ten_thousand_generations(regime, estimator, engine, r):
    """M = 2 is the smallest sample: with maximum likelihood and no real data the variance falls
    by orders of magnitude per few generations and reaches 0.0 (underflow) long before 10 000;
    the summary must stay finite (the log metrics are floored, not -inf). Where an engine does
    not apply, a clear error naming the engine and the regime."""
    cfg = GaussianConfig(
        sample_size=2,
        generations=10_000,
        replicates=8,
        regime=regime,
        estimator=estimator,
        real_fraction=r,
        seed=5,
    )
    fam = families.of(cfg)
    try:
        fam.choose_engine(cfg, engine)
    except ValueError as exc:
        assert engine in str(exc) and regime in str(exc)
        with pytest.raises(ValueError, match=regime):
            simulate(cfg, engine=engine, budget=BATCH)
        return
    res, doc = finite_document(cfg, engine)
    assert doc["generations"][-1] == 10_000
    vr = res.metric("variance_ratio")
    if r == 1.0:  # every generation fitted on fresh real data: no collapse
        assert 0.01 < np.median(vr[:, -1]) < 10
    elif regime == "replace" and estimator == "mle":
        assert np.median(vr[:, -1]) < 1e-100  # collapsed to (almost) nothing, and still finite


# ---------------------------------------------------------------- categorical

SMALL = {"sample_size": 200, "generations": 30, "replicates": 10, "seed": 3}

CATEGORICAL = {
    "K2": {"categories": 2},
    "K2-all-real": {"categories": 2, "real_fraction": 1.0},
    "all-real-fresh": {"real_fraction": 1.0},
    "all-real-fixed": {"real_fraction": 1.0, "real_source": "fixed"},
    "K2-M2-subsample": {"categories": 2, "sample_size": 2, "regime": "accumulate-subsample"},
    "smoothing0": {"smoothing": 0.0},
    "smoothing-max": {"smoothing": MAX_SMOOTHING},
    "smoothing-max-K2": {"smoothing": MAX_SMOOTHING, "categories": 2},
    "smoothing-tiny": {"smoothing": 1e-300},
    "zipf0": {"zipf_exponent": 0.0},
    "zipf10": {"zipf_exponent": MAX_ZIPF_EXPONENT},
    "zipf10-K100000": {
        "zipf_exponent": MAX_ZIPF_EXPONENT,
        "categories": 100_000,
        "generations": 3,
        "replicates": 2,
    },
    "uniform-K2": {"truth": "uniform", "categories": 2},
    "english-K2": {"truth": "english", "categories": 2},
    "accumulate-smoothing-max-real": {
        "regime": "accumulate",
        "smoothing": MAX_SMOOTHING,
        "real_fraction": 0.5,
    },
}
SLOW_CATEGORICAL = {"zipf10-K100000"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=(pytest.mark.slow,) if n in SLOW_CATEGORICAL else ()) for n in CATEGORICAL]
)
def test_categorical_edges_are_finite(name):
    cfg = CategoricalConfig(**{"categories": 1000, **SMALL, **CATEGORICAL[name]})
    tails = tuple(f"tail_coverage_top{c}" for c in TAIL_RANKS if cfg.categories <= c)
    res, _ = finite_document(cfg, allow_nan=tails)
    surviving = res.metric("surviving")
    assert (surviving >= 1).all() and (surviving <= cfg.categories).all()


@pytest.mark.slow
def test_categorical_english_fifty_thousand_words():
    cfg = CategoricalConfig(
        truth="english",
        categories=MAX_ENGLISH_CATEGORIES,
        sample_size=2000,
        generations=5,
        replicates=4,
        seed=1,
    )
    res, _ = finite_document(cfg)
    assert res.metric("surviving")[:, 0].tolist() == [MAX_ENGLISH_CATEGORIES] * 4


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"categories": 1}, "categories"),
        ({"truth": "english", "categories": MAX_ENGLISH_CATEGORIES + 1}, "categories"),
        ({"smoothing": MAX_SMOOTHING * 2}, "smoothing"),
        ({"smoothing": math.nan}, "smoothing"),
        ({"smoothing": -0.0001}, "smoothing"),
        ({"zipf_exponent": MAX_ZIPF_EXPONENT + 0.1}, "zipf_exponent"),
        ({"zipf_exponent": math.inf}, "zipf_exponent"),
        ({"zipf_exponent": -1.0}, "zipf_exponent"),
    ],
)
def test_categorical_beyond_the_edges_is_a_clear_error(kw, field):
    with pytest.raises(ValueError, match=field):
        CategoricalConfig(**{**SMALL, **kw})


@pytest.mark.parametrize("k", [2, 10, 11, 100, 101])
def test_tail_coverage_is_nan_exactly_where_the_truth_has_no_such_tail(k):
    """tail_coverage_topC is the share of the truth's mass beyond its C most common categories
    that the model still gives: undefined (NaN; null in JSON; empty in CSV) when K <= C."""
    cfg = CategoricalConfig(categories=k, **SMALL)
    res = simulate(cfg)
    doc = document(res)
    for c in TAIL_RANKS:
        arr = res.metric(f"tail_coverage_top{c}")
        if k <= c:
            assert np.isnan(arr).all()
            assert all(v is None for v in doc["summary"][f"tail_coverage_top{c}"]["median"])
        else:
            assert np.isfinite(arr).all() and ((arr >= 0) & (arr <= 1 + 1e-12)).all()
            assert arr[:, 0].tolist() == [1.0] * cfg.replicates
