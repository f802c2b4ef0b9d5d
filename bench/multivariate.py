"""Multivariate Gaussian engines, measured in one run.

Targets (issue 12):
  exact engine, d = 5, G = 200, R = 200: time flat in M (M = 10^2, 10^4, 10^6; ratio of the
  slowest to M = 100 within 1.5x);
  exact vs Monte Carlo vs a per-replicate loop (numpy multivariate_normal + np.cov) at
  d = 5, M = 1000, G = 100, R = 100: exact at least 10x faster than Monte Carlo.
  The per-step cost by dimension (the budget's model, collapse_core/multivariate/budget.py).

    python -m bench.multivariate
"""

from __future__ import annotations

import numpy as np

from bench.timing import best_of, verdict
from collapse_core import BATCH, simulate
from collapse_core.multivariate import MultivariateConfig
from collapse_core.multivariate.budget import predict


def plain_loop(cfg: MultivariateConfig) -> np.ndarray:
    """Per replicate, per generation: draw M points, fit np.mean and np.cov; log det at G."""
    rng = np.random.default_rng(cfg.seed)
    d = cfg.dimension
    out = np.empty(cfg.replicates)
    for i in range(cfg.replicates):
        mu, cov = np.zeros(d), np.eye(d)
        for _ in range(cfg.generations):
            x = rng.multivariate_normal(mu, cov, cfg.sample_size)
            mu, cov = x.mean(axis=0), np.cov(x, rowvar=False, ddof=cfg.ddof)
        out[i] = np.linalg.slogdet(cov)[1]
    return out


def main() -> None:
    print("== Multivariate Gaussian engines ==")
    times = {}
    for m in (10**2, 10**4, 10**6):
        cfg = MultivariateConfig(dimension=5, sample_size=m, generations=200, replicates=200, seed=1)
        times[m] = best_of(lambda cfg=cfg: simulate(cfg, engine="exact", budget=BATCH), repeats=3)
    ratio = max(times.values()) / times[100]
    print(
        "exact d=5 G=200 R=200: "
        + ", ".join(f"M=10^{int(np.log10(m))} {t * 1e3:.0f} ms" for m, t in times.items())
        + f"; slowest / M=100 = {ratio:.2f} (target <= 1.5) {verdict(ratio <= 1.5)}"
    )

    cfg = MultivariateConfig(dimension=5, sample_size=1000, generations=100, replicates=100, seed=1)
    t_exact = best_of(lambda: simulate(cfg, engine="exact", budget=BATCH), repeats=3)
    t_mc = best_of(lambda: simulate(cfg, engine="monte-carlo", budget=BATCH), repeats=2)
    t_loop = best_of(lambda: plain_loop(cfg), repeats=1)
    print(
        f"d=5 M=1000 G=100 R=100: per-replicate loop {t_loop:.2f} s, Monte Carlo {t_mc:.2f} s, "
        f"exact {t_exact:.3f} s"
    )
    sp = t_mc / t_exact
    print(
        f"  exact speed-up over Monte Carlo: {sp:.1f}x (target >= 10) {verdict(sp >= 10)}; "
        f"Monte Carlo over the loop: {t_loop / t_mc:.1f}x"
    )

    print("exact per replicate x generation (R=256, G=20, replace, identity truth) vs the budget's model:")
    for d in (2, 10, 20, 50):
        c = MultivariateConfig(dimension=d, sample_size=100, generations=20, replicates=256, seed=1)
        t = best_of(lambda c=c: simulate(c, engine="exact", budget=BATCH), repeats=2)
        per = t / (256 * 20) * 1e6
        modelled = predict(c, "exact").cpu_seconds / (256 * 20) * 1e6
        print(f"  d={d:2d}: {per:7.1f} us measured, {modelled:7.1f} us modelled")


if __name__ == "__main__":
    main()
