"""Weighting off leaves every Gaussian result bit for bit as before; settings that cannot be
weighted are refused with a message naming them."""

import hashlib

import numpy as np
import pytest

from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian.theory import theory

# sha256 of every Result array (name, dtype, bytes, sorted by name), computed with main's code
# before the weighting existed: the defaults must reproduce them bit for bit.
MAIN_DIGESTS = [
    (
        dict(sample_size=50, generations=30, replicates=9, seed=21),
        "exact",
        "ddaf4dcb1f3f42b07809c2040fd7d36f20c0ebea87f32c6a65cfbe78f5f0d73b",
    ),
    (
        dict(sample_size=50, generations=30, replicates=9, seed=22, real_fraction=0.3),
        "exact",
        "bed9a7aa24b7ed682b2808c6848df7f8dd1814918a3b99a9555233f722f51cd5",
    ),
    (
        dict(sample_size=50, generations=30, replicates=9, seed=23, real_fraction=0.3, estimator="unbiased"),
        "monte-carlo",
        "7e844b2ce78da66cae1f2a0798ff5f0a35578da9e6f77d5f1b9ee424ec1eace9",
    ),
    (
        dict(
            sample_size=40,
            generations=20,
            replicates=9,
            seed=24,
            regime="accumulate",
            real_fraction=0.2,
            real_source="fixed",
        ),
        "monte-carlo",
        "b7182e98fe93f828f180ddbf29151a1ba9fffda6b68d912a73f5ec3fa84dbb74",
    ),
    (
        dict(
            sample_size=30,
            generations=15,
            replicates=9,
            seed=25,
            regime="accumulate-subsample",
            real_fraction=0.1,
        ),
        "monte-carlo",
        "6b79ff515ce78d9337d723d56ac68080da2dc4f8daa31120259ac9e05a46b3e6",
    ),
]


def _digest(res) -> str:
    h = hashlib.sha256()
    for name in sorted(res.arrays):
        a = np.ascontiguousarray(res.arrays[name])
        h.update(name.encode())
        h.update(str(a.dtype).encode())
        h.update(a.tobytes())
    return h.hexdigest()


@pytest.mark.parametrize(("kw", "engine", "expected"), MAIN_DIGESTS)
def test_pooling_reproduces_main_bit_for_bit(kw, engine, expected):
    assert _digest(simulate(GaussianConfig(**kw), engine=engine)) == expected


def test_weighting_changes_the_result_on_the_same_seed():
    base = dict(sample_size=50, generations=30, replicates=9, seed=22, real_fraction=0.3)
    assert _digest(simulate(GaussianConfig(**base, weighting="optimal"))) != MAIN_DIGESTS[1][2]


def test_theory_of_a_pooled_config_names_no_weight():
    assert "real_weight" not in theory(GaussianConfig(real_fraction=0.5))
    th = theory(GaussianConfig(real_fraction=0.5, weighting="optimal"))
    assert th["real_weight"] == pytest.approx(0.6180339887498949, rel=1e-12)


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        (dict(weighting="optimal"), "at least 2 real and 2 synthetic"),
        (dict(weighting="optimal", real_fraction=1.0), "at least 2 real and 2 synthetic"),
        (dict(weighting="weighted", real_fraction=0.5, regime="accumulate"), "regime 'replace'"),
        (dict(weighting="optimal", real_fraction=0.5, real_source="fixed"), "real_source 'fresh'"),
        (dict(weighting="golden", real_fraction=0.5), "weighting must be one of"),
        (dict(weighting="weighted", real_fraction=0.5, real_weight=0.0), "real_weight must lie in (0, 1]"),
        (dict(weighting="weighted", real_fraction=0.5, real_weight=1.5), "real_weight must lie in (0, 1]"),
    ],
)
def test_settings_that_cannot_be_weighted_are_refused_by_name(kw, words):
    with pytest.raises(ValueError, match=None) as err:
        GaussianConfig(sample_size=20, **kw)
    assert words in str(err.value)


@pytest.mark.parametrize("estimator", ["mle", "unbiased"])
def test_the_stationary_values_are_where_the_recursion_settles(estimator):
    th = theory(
        GaussianConfig(
            sample_size=30,
            generations=400,
            real_fraction=0.4,
            weighting="weighted",
            real_weight=0.3,
            estimator=estimator,
        )
    )
    assert th["expected_variance_ratio"][-1] == pytest.approx(th["stationary_variance_ratio"], rel=1e-9)
    assert th["expected_mean_drift_sq"][-1] == pytest.approx(th["stationary_mean_error"], rel=1e-9)


@pytest.mark.parametrize("remedy", [{"weighting": "optimal"}, {"correction": 0.2}, {"verifier_width": 2.0}])
def test_a_remedy_that_assumes_the_gaussian_truth_is_refused_on_your_own_data(remedy):
    base = {"regime": "replace", "real_fraction": 0.5, "real_source": "fresh"}
    GaussianConfig(**base, **remedy)  # fine on the Gaussian truth
    with pytest.raises(ValueError, match="not available with your own data"):
        GaussianConfig(**base, **remedy, data="a" * 64)
