"""The digits family: config messages, reproducibility, the Fréchet distance, Monte Carlo
properties (fresh real data holds the metrics; replace loses variance), theory, snapshots,
budget."""

import dataclasses

import numpy as np
import pytest
import scipy.linalg
from stats_helpers import Z, assert_mean_close

from collapse_core import BATCH, INTERACTIVE, WorkBudgetError, families, simulate
from collapse_core.digits import DigitsConfig, frechet_distance, frechet_distance_samples, simulate_digits
from collapse_core.digits.data import CLASSES, real_digits, space
from collapse_core.digits.engine import quotas
from collapse_core.digits.metrics import STORED
from collapse_core.digits.theory import theory

SMALL = DigitsConfig(sample_size=60, generations=4, replicates=6, components=8, seed=5)


def _stored(res):
    return {name: res.arrays[name] for name in (*STORED, "class_prior", "snapshot_images")}


# ---------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"components": 0}, "components must be an integer from 1 to 40; got 0"),
        ({"components": 2.5}, "components must be an integer from 1 to 40; got 2.5"),
        ({"class_prior": "drifting"}, "class_prior must be one of refitted, fixed; got 'drifting'"),
        ({"sample_size": 10**6}, "sample_size must be an integer from 2 to 100,000"),
        ({"real_fraction": float("nan")}, "real_fraction must be a finite number"),
    ],
)
def test_config_messages_name_the_field(kw, fragment):
    with pytest.raises(ValueError, match=None) as err:
        DigitsConfig(**kw)
    assert fragment in str(err.value)


def test_registered_and_asdict():
    assert families.get("digits").config is DigitsConfig
    assert SMALL.asdict()["family"] == "digits" and SMALL.asdict()["class_prior"] == "refitted"


# ---------------------------------------------------------------- reproducibility


def test_same_seed_same_result_other_seed_differs():
    a, b = simulate(SMALL), simulate(SMALL)
    for name, arr in _stored(a).items():
        np.testing.assert_array_equal(arr, _stored(b)[name], err_msg=name)
    c = simulate(dataclasses.replace(SMALL, seed=6))
    assert not np.array_equal(a.metric("pixel_variance"), c.metric("pixel_variance"))
    d = simulate(dataclasses.replace(SMALL, seed=None))
    assert isinstance(d.seed, int) and d.config.seed == d.seed


@pytest.mark.parametrize(
    "kw", [{}, {"regime": "accumulate-subsample", "real_fraction": 0.3, "real_source": "fixed"}]
)
def test_adding_replicates_leaves_earlier_blocks_unchanged(kw):
    """Streams are per block of 256 replicates: a run with more blocks keeps the first ones."""
    base = dataclasses.replace(SMALL, sample_size=20, generations=2, components=4, replicates=256, **kw)
    a = simulate(base)
    b = simulate(dataclasses.replace(base, replicates=300))
    for name in STORED:
        np.testing.assert_array_equal(b.metric(name)[:256], a.metric(name), err_msg=name)


# ---------------------------------------------------------------- Fréchet distance


def test_frechet_zero_for_identical_sets_and_matches_scipy_sqrtm():
    gen = np.random.default_rng(0)
    a = gen.normal(size=(200, 6)) @ gen.normal(size=(6, 6))
    assert frechet_distance_samples(a, a) == pytest.approx(0.0, abs=1e-8)
    for shift in (0.0, 0.7):
        b = gen.normal(size=(150, 6)) * gen.uniform(0.5, 2.0, 6) + shift
        ma, mb = a.mean(axis=0), b.mean(axis=0)
        ca, cb = np.cov(a, rowvar=False, bias=True), np.cov(b, rowvar=False, bias=True)
        root = scipy.linalg.sqrtm(ca @ cb)
        direct = float(((ma - mb) ** 2).sum() + np.trace(ca) + np.trace(cb) - 2 * np.trace(root).real)
        assert frechet_distance_samples(a, b) == pytest.approx(direct, rel=1e-8)
        assert frechet_distance_samples(b, a) == pytest.approx(direct, rel=1e-8)


def test_frechet_batched_and_truth_is_at_zero():
    sp = space(8)
    covs = np.stack([sp.ref_cov, 2 * sp.ref_cov])
    means = np.stack([sp.ref_mean, sp.ref_mean + 1])
    fd = frechet_distance(means, covs, sp.ref_mean, sp.ref_cov)
    assert fd[0] == pytest.approx(0.0, abs=1e-8)
    # 2 S vs S: tr(2S) + tr(S) - 2 sqrt(2) tr(S) = (3 - 2 sqrt 2) tr S, plus |shift|^2 = 8
    assert fd[1] == pytest.approx((3 - 2 * np.sqrt(2)) * np.trace(sp.ref_cov) + 8, rel=1e-9)
    res = simulate(SMALL)
    np.testing.assert_allclose(res.metric("frechet_pca")[:, 0], 0.0, atol=1e-6)


# ---------------------------------------------------------------- Monte Carlo properties


def test_fresh_real_fraction_one_holds_every_metric_at_generation_one():
    """With r = 1 (fresh) every model is fitted on M new held-out images: generation t's
    metrics are distributed as generation 1's. Per replicate, x_t - x_1 has mean 0; checked
    at |mean| <= 4.5 standard errors for every metric at t = G (R = 200)."""
    cfg = DigitsConfig(
        sample_size=100,
        generations=5,
        replicates=200,
        components=10,
        real_fraction=1.0,
        real_source="fresh",
        seed=11,
    )
    res = simulate(cfg)
    for name in STORED:
        x = res.metric(name).astype(float)
        assert_mean_close(x[:, -1] - x[:, 1], 0.0, what=name)


def test_replace_loses_pixel_variance_in_expectation():
    """Replace, no real data: E[pixel variance] falls. Stated tolerance: the mean drop from
    generation 1 to 20 exceeds 4.5 standard errors (R = 100); it is several times that."""
    cfg = DigitsConfig(sample_size=100, generations=20, replicates=100, components=10, seed=12)
    pv = simulate(cfg).metric("pixel_variance")
    drop = pv[:, 1] - pv[:, -1]
    se = drop.std(ddof=1) / np.sqrt(drop.size)
    assert drop.mean() > Z * se, f"drop {drop.mean():.3g}, {drop.mean() / se:.1f} standard errors"
    assert pv[:, -1].mean() < pv[:, 0].mean()


def test_within_class_variance_matches_theory_fixed_prior():
    """Fixed prior, replace, r = 0: E[sum_c p0_c tr Sigma_c,t] = sum_c p0_c (1 - 1/n_c)^t tr Sigma_c,0
    (exact); 4.5 standard errors at every generation, R = 300."""
    cfg = DigitsConfig(
        sample_size=60, generations=8, replicates=300, components=6, class_prior="fixed", seed=13
    )
    res = simulate(cfg)
    expect = theory(cfg)["expected_within_class_variance"]
    wcv = res.metric("within_class_variance")
    assert expect[0] == pytest.approx(wcv[0, 0], rel=1e-12)
    for t in range(1, cfg.generations + 1):
        assert_mean_close(wcv[:, t], expect[t], what=f"generation {t}")
    assert expect[-1] < 0.5 * expect[0]  # a drop the test can see


def test_class_heterozygosity_matches_wright_fisher():
    """Refitted prior, replace, r = 0: E[1 - sum pi_t^2] = H0 (1 - 1/M)^t; R = 400, 4.5 SE."""
    cfg = DigitsConfig(sample_size=12, generations=10, replicates=400, components=2, seed=14)
    res = simulate(cfg)
    expect = theory(cfg)["expected_class_heterozygosity"]
    h = res.metric("class_heterozygosity")
    for t in (1, 3, 10):
        assert_mean_close(h[:, t], expect[t], what=f"generation {t}")
    assert expect[10] < 0.45 * expect[0]


def test_fixed_prior_keeps_classes_and_quotas():
    res = simulate(dataclasses.replace(SMALL, class_prior="fixed"))
    np.testing.assert_allclose(res.metric("class_tv"), 0.0, atol=1e-15)
    assert np.all(res.metric("classes_alive") == CLASSES)
    q = quotas(61, real_digits().prior)
    assert q.sum() == 61 and np.all(np.abs(q - 61 * real_digits().prior) < 1)


def test_metric_ranges_and_snapshots():
    res = simulate_digits(
        dataclasses.replace(SMALL, generations=6, class_prior="refitted", sample_size=20),
        snapshot_generations=(0, 3, 6),
        snapshot_replicates=2,
    )
    assert np.all((res.metric("recognisable") >= 0) & (res.metric("recognisable") <= 1))
    assert np.all(res.metric("styles") <= res.metric("styles_occupied") + 1e-9)
    assert np.all(res.metric("pixel_variance") >= 0) and np.all(res.metric("diversity") >= 0)
    np.testing.assert_allclose(res.arrays["class_prior"].sum(axis=2), 1.0)
    snaps = res.arrays["snapshot_images"]
    assert snaps.shape == (3, 2, CLASSES, 3, 64)
    finite = snaps[np.isfinite(snaps)]
    assert finite.size and finite.min() >= 0 and finite.max() <= 16
    # A class is blank exactly when the model no longer draws it.
    prior = res.arrays["class_prior"][:2, [0, 3, 6]].transpose(1, 0, 2)
    np.testing.assert_array_equal(np.isnan(snaps).all(axis=(3, 4)), prior == 0)
    with pytest.raises(ValueError, match="snapshot_generations must hold integers from 0 to 6"):
        simulate_digits(dataclasses.replace(SMALL, generations=6), snapshot_generations=(7,))


# ---------------------------------------------------------------- budget


def test_budget_refuses_with_what_to_change():
    big = DigitsConfig(sample_size=500, generations=200, replicates=200)
    with pytest.raises(WorkBudgetError, match="fewer replicates, generations or a smaller sample size"):
        simulate(big, budget=INTERACTIVE)
    families.get("digits").check_budget(DigitsConfig(), engine="monte-carlo", budget=INTERACTIVE)
    families.get("digits").check_budget(big, engine="monte-carlo", budget=BATCH)
