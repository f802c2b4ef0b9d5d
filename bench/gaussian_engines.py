"""Gaussian engines against the paper authors' naive loop, measured in one run.

Targets (issue 2):
  exact engine, G = 1000, R = 1000: time at M = 10^6 within 1.5x of the time at M = 100;
  M = 1000, G = 1000, R = 100: exact >= 300x faster than the naive loop; Monte Carlo >= 1.5x
  faster than the naive loop and within 1.5x of the time numpy needs to draw as many normals.
"""

from __future__ import annotations

import numpy as np

from bench.timing import best_of, verdict
from collapse_core import GaussianConfig, simulate


def naive_loop(m: int, g: int, r: int, seed: int = 0) -> np.ndarray:
    """As in the paper's notebook: per replicate, per generation, draw M normals, take mean and std."""
    rng = np.random.default_rng(seed)
    out = np.empty((r, g + 1))
    for i in range(r):
        mu, sd = 0.0, 1.0
        out[i, 0] = sd
        for t in range(g):
            x = rng.normal(mu, sd, m)
            mu, sd = x.mean(), x.std()
            out[i, t + 1] = sd
    return out


def draw_only(m: int, g: int, r: int, seed: int = 0) -> None:
    """The floor: numpy drawing M * G * R standard normals, a generation at a time."""
    rng = np.random.default_rng(seed)
    buf = np.empty((r, m))
    for _ in range(g):
        rng.standard_normal(out=buf)


def main() -> None:
    print("== Gaussian engines ==")
    small = GaussianConfig(sample_size=100, generations=1000, replicates=1000, seed=1)
    large = GaussianConfig(sample_size=10**6, generations=1000, replicates=1000, seed=1)
    t_small = best_of(lambda: simulate(small, engine="exact"))
    t_large = best_of(lambda: simulate(large, engine="exact"))
    ratio = t_large / t_small
    print(
        f"exact G=1000 R=1000: M=100 {t_small * 1e3:.1f} ms, M=10^6 {t_large * 1e3:.1f} ms, "
        f"ratio {ratio:.2f} (target <= 1.5) {verdict(ratio <= 1.5)}"
    )

    m, g, r = 1000, 1000, 100
    cfg = GaussianConfig(sample_size=m, generations=g, replicates=r, seed=1)
    t_naive = best_of(lambda: naive_loop(m, g, r), repeats=2)
    t_exact = best_of(lambda: simulate(cfg, engine="exact"), repeats=10)
    t_mc = best_of(lambda: simulate(cfg, engine="monte-carlo"), repeats=3)
    t_draw = best_of(lambda: draw_only(m, g, r), repeats=3)
    print(
        f"M={m} G={g} R={r}: naive loop {t_naive:.2f} s, exact {t_exact * 1e3:.2f} ms, "
        f"Monte Carlo {t_mc:.2f} s, drawing the normals alone {t_draw:.2f} s"
    )
    sp_exact, sp_mc, over_draw = t_naive / t_exact, t_naive / t_mc, t_mc / t_draw
    print(f"  exact speed-up over naive: {sp_exact:.0f}x (target >= 300) {verdict(sp_exact >= 300)}")
    print(f"  Monte Carlo speed-up over naive: {sp_mc:.2f}x (target >= 1.5) {verdict(sp_mc >= 1.5)}")
    print(f"  Monte Carlo / draw-only: {over_draw:.2f}x (target <= 1.5) {verdict(over_draw <= 1.5)}")


if __name__ == "__main__":
    main()
