"""The "Theory as numbers" panel and the theory curves are one theory: each value formulas(cfg)
shows for a curve is that curve of theory(cfg) at the last generation, and each limit is
theory's limit (the same function, so equal to 1e-12 relative), for several configs."""

from __future__ import annotations

import pytest

from collapse_core import CategoricalConfig, GaussianConfig, families

# label words -> theory key (a per-generation curve: its last value; else a number)
GAUSSIAN = {
    "Expected variance left": "expected_variance_ratio",
    "typical chain": "geometric_mean_variance_ratio",
    "drift of the mean": "expected_mean_drift_sq",
    "Accumulate with no real data": "accumulate_limit",
    "fresh real data": "stationary_variance_ratio",
}
CATEGORICAL = {
    "No recursion": "fresh_sample_surviving",
    "Expected heterozygosity after": "expected_heterozygosity",
    "still in use": "expected_surviving",
    "takes over": "fixation_probability_rank1",
}
# Shown without a curve: the truth's own value, a derived time, a setting.
NO_CURVE = ("truth's heterozygosity", "half of the heterozygosity", "the temperature")

CONFIGS = [
    (GaussianConfig(sample_size=100, generations=100, seed=1), GAUSSIAN),
    (GaussianConfig(sample_size=20, generations=2000, estimator="unbiased", seed=1), GAUSSIAN),
    (GaussianConfig(sample_size=50, generations=300, regime="accumulate", seed=1), GAUSSIAN),
    (GaussianConfig(sample_size=100, generations=500, real_fraction=0.1, seed=1), GAUSSIAN),
    (CategoricalConfig(categories=200, sample_size=500, generations=100, seed=1), CATEGORICAL),
    (
        CategoricalConfig(categories=1000, sample_size=2000, generations=300, truth="uniform", seed=1),
        CATEGORICAL,
    ),
    (
        CategoricalConfig(categories=200, sample_size=500, generations=50, real_fraction=0.2, seed=1),
        CATEGORICAL,
    ),
    (CategoricalConfig(categories=200, sample_size=500, generations=50, smoothing=0.5, seed=1), CATEGORICAL),
    (
        CategoricalConfig(categories=200, sample_size=500, generations=50, temperature=0.8, seed=1),
        CATEGORICAL,
    ),
]


def value_of(theory: dict, key: str) -> float:
    value = theory[key]
    return float(value[-1]) if isinstance(value, list) else float(value)


@pytest.mark.parametrize(("cfg", "keys"), CONFIGS, ids=lambda c: getattr(c, "family", ""))
def test_every_shown_value_is_the_theory_curve_at_the_last_generation(cfg, keys):
    fam = families.of(cfg)
    theory, shown = fam.theory(cfg), fam.formulas(cfg)
    assert shown, "no formula shown"
    matched = 0
    for f in shown:
        key = next((k for words, k in keys.items() if words in f.label), None)
        if key is None:
            assert any(words in f.label for words in NO_CURVE), (
                f"a formula with no theory behind it: {f.label}"
            )
            continue
        assert f.value == pytest.approx(value_of(theory, key), rel=1e-12, abs=0), f.label
        matched += 1
    assert matched >= 1


def test_the_check_can_fail():
    """A value off by 1e-9 relative is caught: the comparison is not vacuous."""
    cfg = GaussianConfig(sample_size=100, generations=100, seed=1)
    f = next(f for f in families.of(cfg).formulas(cfg) if "Expected variance left" in f.label)
    with pytest.raises(AssertionError):
        assert f.value * (1 + 1e-9) == pytest.approx(
            value_of(families.of(cfg).theory(cfg), "expected_variance_ratio"), rel=1e-12, abs=0
        )
