"""A verifier that keeps only the synthetic points inside its window (Feng et al. 2024; Yi et al.
2026): the engine against a plain loop that rejects and redraws, and against the large-sample path."""

import math

import numpy as np
import pytest
from stats_helpers import assert_mean_close, assert_same_distribution

from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian.engine import choose_engine
from collapse_core.gaussian.theory import theory


def rejecting_reference(cfg, replicates, seed):
    """One replicate at a time: draw synthetic points, drop those the verifier rejects, redraw
    until n_syn are kept; then mix in the real points and fit as the regime says."""
    rngs = np.random.default_rng(seed).spawn(replicates)
    g = cfg.generations
    centre = cfg.mu0 + cfg.verifier_centre * cfg.sigma0
    half = cfg.verifier_width * cfg.sigma0
    means, variances = np.empty((replicates, g + 1)), np.empty((replicates, g + 1))
    for i, rng in enumerate(rngs):
        mu, var = cfg.mu0, cfg.sigma0**2
        means[i, 0], variances[i, 0] = mu, var
        pool = []
        for t in range(g):
            kept = np.empty(0)
            while kept.size < cfg.n_syn:
                x = rng.normal(mu, math.sqrt(var), 4 * cfg.n_syn)
                kept = np.concatenate([kept, x[np.abs(x - centre) <= half]])
            batch = np.concatenate([rng.normal(cfg.mu0, cfg.sigma0, cfg.n_real), kept[: cfg.n_syn]])
            pool.append(batch)
            if cfg.regime == "replace":
                train = batch
            elif cfg.regime == "accumulate" or t == 0:
                train = np.concatenate(pool)
            else:
                train = rng.choice(np.concatenate(pool), cfg.sample_size, replace=False)
            mu, var = train.mean(), train.var(ddof=cfg.ddof)
            means[i, t + 1], variances[i, t + 1] = mu, var
    return means, variances


@pytest.mark.parametrize(
    ("regime", "r"), [("replace", 0.0), ("replace", 0.3), ("accumulate", 0.2), ("accumulate-subsample", 0.0)]
)
def test_the_engine_matches_a_plain_rejecting_loop(regime, r):
    cfg = GaussianConfig(
        sample_size=10,
        generations=5,
        replicates=3000,
        regime=regime,
        real_fraction=r,
        verifier_width=1.2,
        verifier_centre=0.4,
        mu0=1.0,
        sigma0=2.0,
        seed=81,
    )
    ref_mean, ref_var = rejecting_reference(cfg, 3000, seed=82)
    res = simulate(cfg)
    assert res.engine == "monte-carlo"
    for t in (1, 3, 5):
        assert_same_distribution(res.metric("variance")[:, t], ref_var[:, t], f"var t={t}")
        assert_same_distribution(res.metric("mean")[:, t], ref_mean[:, t], f"mean t={t}")


def test_a_large_sample_follows_the_large_sample_path():
    """M = 4000: the fitted moments sit within Monte Carlo error (4.5 SE over 200 chains) of the
    deterministic truncated-moment map; the O(1/M) gap is far below that."""
    cfg = GaussianConfig(
        sample_size=4000,
        generations=6,
        replicates=200,
        verifier_width=1.5,
        verifier_centre=0.5,
        estimator="unbiased",
        mu0=1.0,
        sigma0=2.0,
        seed=83,
    )
    res, th = simulate(cfg), theory(cfg)
    for t in (1, 3, 6):
        assert_mean_close(
            res.metric("variance_ratio")[:, t], th["verified_large_sample_variance_ratio"][t], f"v t={t}"
        )
        drift = (res.arrays["mean"][:, t] - 1.0) / 2.0
        assert_mean_close(drift, th["verified_large_sample_mean_drift"][t], f"drift t={t}")


def test_a_biased_verifier_pulls_the_mean_toward_its_centre():
    path = theory(GaussianConfig(generations=50, verifier_width=1.0, verifier_centre=0.8))
    drift = np.array(path["verified_large_sample_mean_drift"])
    assert np.all(np.diff(drift) > 0) and 0.5 < drift[-1] < 0.8


def test_a_window_far_in_the_tail_keeps_its_points_inside_it():
    cfg = GaussianConfig(
        sample_size=50, generations=1, replicates=50, verifier_width=0.5, verifier_centre=9.0, seed=84
    )
    mean = simulate(cfg).arrays["mean"][:, 1]
    assert np.all((mean >= 8.5) & (mean <= 9.5))


def test_the_exact_engine_refuses_a_verifier_by_name():
    cfg = GaussianConfig(verifier_width=2.0)
    assert choose_engine(cfg)[0] == "monte-carlo"
    with pytest.raises(ValueError, match="does not cover a verifier"):
        choose_engine(cfg, "exact")
