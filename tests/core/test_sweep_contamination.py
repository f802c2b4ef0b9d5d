"""Contaminated real pool + synthetic-data detector: the effective real share's closed form,
and the Gaussian's exact stationary variance (binomial mixture of the exact moment step)
against a Monte Carlo chain that draws the genuine count per batch."""

import math

import numpy as np
import pytest

from collapse_core import GaussianConfig
from collapse_core.gaussian.theory import stationary_variance_ratio
from collapse_core.sweep.contamination import (
    clean_share,
    effective_real_share,
    gaussian_grid,
    gaussian_stationary,
)


def test_clean_share_closed_form():
    assert clean_share(0.0, 0.0, 0.0) == 1.0
    assert clean_share(0.3, 0.0, 0.0) == pytest.approx(0.7)
    assert clean_share(0.3, 1.0, 0.0) == 1.0  # a perfect detector removes every synthetic point
    assert clean_share(1.0, 1.0, 0.0) == 0.0  # nothing survives: no real data
    assert clean_share(0.5, 0.5, 0.5) == pytest.approx(0.5)
    # Bayes: P(genuine | kept) = (1-c)(1-f) / ((1-c)(1-f) + c(1-rho)).
    c, rho, f = 0.4, 0.8, 0.1
    assert clean_share(c, rho, f) == pytest.approx(0.6 * 0.9 / (0.6 * 0.9 + 0.4 * 0.2))
    assert effective_real_share(0.2, c, rho, f) == pytest.approx(0.2 * clean_share(c, rho, f))
    # A better detector never lowers the clean share; more contamination never raises it.
    shares = [clean_share(0.5, r, 0.05) for r in np.linspace(0, 1, 11)]
    assert np.all(np.diff(shares) >= 0)
    with pytest.raises(ValueError, match="recall must lie in"):
        clean_share(0.1, 1.5, 0.0)


def test_no_contamination_is_the_existing_stationary_variance():
    cfg = GaussianConfig(sample_size=40, real_fraction=0.25)
    got = gaussian_stationary(cfg, 0.0)
    assert got["exact"] == pytest.approx(stationary_variance_ratio(cfg), rel=1e-12)
    assert got["approx"] == pytest.approx(stationary_variance_ratio(cfg), rel=1e-12)
    grid = gaussian_grid(cfg, [0.0, 0.5, 0.9], [0.0, 0.5, 1.0])
    assert (
        grid.shape == (3, 3)
        and np.all(np.diff(grid, axis=0) <= 1e-12)
        and np.all(np.diff(grid, axis=1) >= -1e-12)
    )
    assert np.allclose(grid[:, -1], grid[0, 0])  # recall 1, fpr 0: contamination fully undone
    with pytest.raises(ValueError, match="replace with fresh"):
        gaussian_stationary(GaussianConfig(regime="accumulate", real_fraction=0.2), 0.1)


def test_exact_stationary_matches_a_chain_with_binomial_genuine_counts():
    m, n_real, p = 12, 4, 0.5
    cfg = GaussianConfig(sample_size=m, real_fraction=n_real / m)
    c, rho, f = 0.6, 1 / 3, 0.0  # clean share 0.4 / (0.4 + 0.4) = 0.5
    assert clean_share(c, rho, f) == pytest.approx(p)
    theory = gaussian_stationary(cfg, c, rho, f)
    gen = np.random.default_rng(20240611)
    reps, gens = 30_000, 60
    mean, var = np.zeros(reps), np.ones(reps)
    idx = np.arange(m)
    for _ in range(gens):
        k = gen.binomial(n_real, p, size=reps)
        z = gen.standard_normal((reps, m))
        x = np.where(idx[None, :] < k[:, None], z, mean[:, None] + np.sqrt(var)[:, None] * z)
        mean, var = x.mean(axis=1), x.var(axis=1)
    est, se = var.mean(), var.std(ddof=1) / math.sqrt(reps)
    assert abs(est - theory["exact"]) < 4.5 * se, (est, theory, se)
    # The approximation is the existing closed form at real_fraction = r_eff (2 of 12 genuine).
    assert theory["r_eff"] == pytest.approx(2 / 12)
    assert theory["approx"] == pytest.approx(
        stationary_variance_ratio(GaussianConfig(sample_size=m, real_fraction=2 / 12))
    )


def test_provenance_sweep_in_the_r_eff_approximation_matches_its_closed_form():
    """Any family can be swept over (contamination, recall) with real_fraction = r_eff; for the
    Gaussian the long-run mean variance equals the existing closed form at r_eff."""
    from collapse_core.sweep.contamination import expand, provenance_spec
    from collapse_core.sweep.runner import run_sweep

    m = 20
    spec, cells = provenance_spec(
        "gaussian",
        {"sample_size": m, "generations": 300, "replicates": 3000},
        0.5,
        [0.0, 0.5, 0.9],
        [0.0, 1.0],
        0.0,
        [("variance_ratio", "mean")],
        root_seed=4,
    )
    assert spec.n_cells == len(set(cells.values())) == 3  # recall 1 undoes contamination: 0.5 thrice
    table = expand(run_sweep(spec, scheduler="serial").table, cells)
    assert len(table) == 6 and {"contamination", "recall", "r_eff", "value"} <= set(table.columns)
    for row in table.itertuples():
        want = stationary_variance_ratio(GaussianConfig(sample_size=m, real_fraction=row.r_eff))
        se = (row.ci_high - row.ci_low) / (2 * 1.959963984540054)
        assert abs(row.value - want) < 4.5 * se, (row, want)
