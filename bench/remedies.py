"""The remedies' code paths against plain per-replicate loops, measured in one run.

Golden-ratio weighting (Gaussian, fresh real data), self-correction and verification
(Gaussian, no real data): the engines with the remedy on, against a loop that draws every
point of one replicate at a time (for the verifier: rejecting and redrawing), and against the
same engine with the remedy off.
"""

from __future__ import annotations

import math

import numpy as np

from bench.timing import best_of
from collapse_core import GaussianConfig, simulate
from collapse_core.gaussian.weighting import real_weight


def weighted_loop(cfg: GaussianConfig, seed: int = 0) -> np.ndarray:
    """Per replicate, per generation: draw both parts, fit each apart, combine with weight w."""
    w = real_weight(cfg)
    rng = np.random.default_rng(seed)
    out = np.empty((cfg.replicates, cfg.generations + 1))
    for i in range(cfg.replicates):
        mu, var = 0.0, 1.0
        out[i, 0] = var
        for t in range(cfg.generations):
            real = rng.normal(0.0, 1.0, cfg.n_real)
            syn = rng.normal(mu, math.sqrt(var), cfg.n_syn)
            mu = w * real.mean() + (1 - w) * syn.mean()
            var = w * real.var(ddof=cfg.ddof) + (1 - w) * syn.var(ddof=cfg.ddof)
            out[i, t + 1] = var
    return out


def corrected_loop(cfg: GaussianConfig, seed: int = 0) -> np.ndarray:
    """Per replicate, per generation: draw M points, move each toward the truth, fit."""
    gamma = cfg.correction
    rng = np.random.default_rng(seed)
    out = np.empty((cfg.replicates, cfg.generations + 1))
    for i in range(cfg.replicates):
        mu, sd = 0.0, 1.0
        out[i, 0] = sd * sd
        for t in range(cfg.generations):
            x = rng.normal(mu, sd, cfg.sample_size)
            x += gamma * ((x - mu) / sd - x)
            mu, sd = x.mean(), x.std(ddof=cfg.ddof)
            out[i, t + 1] = sd * sd
    return out


def rejecting_loop(cfg: GaussianConfig, seed: int = 0) -> np.ndarray:
    """Per replicate, per generation: draw points, keep those the verifier accepts, redraw until
    M are kept, fit."""
    rng = np.random.default_rng(seed)
    half, centre = cfg.verifier_width, cfg.verifier_centre
    out = np.empty((cfg.replicates, cfg.generations + 1))
    for i in range(cfg.replicates):
        mu, sd = 0.0, 1.0
        out[i, 0] = 1.0
        for t in range(cfg.generations):
            kept = np.empty(0)
            while kept.size < cfg.sample_size:
                x = rng.normal(mu, sd, 2 * cfg.sample_size)
                kept = np.concatenate([kept, x[np.abs(x - centre) <= half]])
            x = kept[: cfg.sample_size]
            mu, sd = x.mean(), x.std(ddof=cfg.ddof)
            out[i, t + 1] = sd * sd
    return out


def main() -> None:
    print("== Remedies: golden-ratio weighting (Gaussian) ==")
    cfg = GaussianConfig(
        sample_size=1000, generations=200, replicates=100, real_fraction=0.5, weighting="optimal", seed=1
    )
    pooled = GaussianConfig(sample_size=1000, generations=200, replicates=100, real_fraction=0.5, seed=1)
    t_loop = best_of(lambda: weighted_loop(cfg), repeats=2)
    t_exact = best_of(lambda: simulate(cfg, engine="exact"), repeats=5)
    t_mc = best_of(lambda: simulate(cfg, engine="monte-carlo"), repeats=3)
    t_exact_pool = best_of(lambda: simulate(pooled, engine="exact"), repeats=5)
    t_mc_pool = best_of(lambda: simulate(pooled, engine="monte-carlo"), repeats=3)
    print(
        f"M=1000 (half real) G=200 R=100: plain loop {t_loop:.2f} s, exact {t_exact * 1e3:.1f} ms, "
        f"Monte Carlo {t_mc * 1e3:.0f} ms"
    )
    print(f"  exact speed-up over the plain loop: {t_loop / t_exact:.0f}x")
    print(f"  Monte Carlo speed-up over the plain loop: {t_loop / t_mc:.1f}x")
    print(f"  weighted / pooled, exact: {t_exact / t_exact_pool:.2f}x; Monte Carlo: {t_mc / t_mc_pool:.2f}x")

    print("== Remedies: self-correction (Gaussian) ==")
    cfg = GaussianConfig(sample_size=1000, generations=200, replicates=100, correction=0.1, seed=1)
    plain = GaussianConfig(sample_size=1000, generations=200, replicates=100, seed=1)
    t_loop = best_of(lambda: corrected_loop(cfg), repeats=2)
    t_exact = best_of(lambda: simulate(cfg, engine="exact"), repeats=5)
    t_mc = best_of(lambda: simulate(cfg, engine="monte-carlo"), repeats=3)
    t_exact_off = best_of(lambda: simulate(plain, engine="exact"), repeats=5)
    t_mc_off = best_of(lambda: simulate(plain, engine="monte-carlo"), repeats=3)
    print(
        f"M=1000 G=200 R=100: plain loop {t_loop:.2f} s, exact {t_exact * 1e3:.1f} ms, "
        f"Monte Carlo {t_mc * 1e3:.0f} ms"
    )
    print(f"  exact speed-up over the plain loop: {t_loop / t_exact:.0f}x")
    print(f"  Monte Carlo speed-up over the plain loop: {t_loop / t_mc:.1f}x")
    print(
        f"  corrected / uncorrected, exact: {t_exact / t_exact_off:.2f}x; Monte Carlo: {t_mc / t_mc_off:.2f}x"
    )

    print("== Remedies: verification (Gaussian) ==")
    cfg = GaussianConfig(
        sample_size=1000, generations=50, replicates=100, verifier_width=2.0, verifier_centre=0.5, seed=1
    )
    plain = GaussianConfig(sample_size=1000, generations=50, replicates=100, seed=1)
    t_loop = best_of(lambda: rejecting_loop(cfg), repeats=2)
    t_mc = best_of(lambda: simulate(cfg, engine="monte-carlo"), repeats=3)
    t_mc_off = best_of(lambda: simulate(plain, engine="monte-carlo"), repeats=3)
    print(f"M=1000 G=50 R=100: rejecting loop {t_loop:.2f} s, Monte Carlo {t_mc * 1e3:.0f} ms")
    print(f"  Monte Carlo speed-up over the rejecting loop: {t_loop / t_mc:.1f}x")
    print(f"  verified / unverified, Monte Carlo: {t_mc / t_mc_off:.2f}x")


if __name__ == "__main__":
    main()
