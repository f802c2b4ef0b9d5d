"""Benchmark: KDE engine vs a plain per-replicate loop, M = 100, R = 200, G = 100, fixed h.

The plain loop: for each replicate and generation, resample M training points, add kernel
noise, then the variance and the two exact tail masses (no density grid). The engine does
the same for all replicates at once, plus the density grid (W2 and modes) every generation;
its time without the grid metrics is shown too.

    python -m bench.kde [--sample-size M] [--replicates R] [--generations G] [--repeat N]
"""

from __future__ import annotations

import argparse
from unittest import mock

import numpy as np
from scipy import special

from bench.timing import best_of
from collapse_core import BATCH, simulate
from collapse_core.kde import KDEConfig, kernel


def plain_loop(cfg: KDEConfig) -> np.ndarray:
    """Variance ratio at the last generation, per replicate."""
    gen = np.random.default_rng(cfg.seed)
    h, out = cfg.bandwidth, np.empty(cfg.replicates)
    for r in range(cfg.replicates):
        train = gen.normal(cfg.mu0, cfg.sigma0, cfg.sample_size)
        for _ in range(cfg.generations - 1):
            train = gen.choice(train, cfg.sample_size) + h * gen.standard_normal(cfg.sample_size)
            var = train.var() + h * h
            for k in kernel.TAIL_KS:
                a = k * cfg.sigma0
                (special.ndtr((train - a) / h) + special.ndtr((-a - train) / h)).mean()
        out[r] = var / cfg.sigma0**2
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample-size", type=int, default=100)
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--generations", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    cfg = KDEConfig(
        sample_size=a.sample_size,
        replicates=a.replicates,
        generations=a.generations,
        seed=1,
        bandwidth_rule="fixed",
        bandwidth=0.3,
    )
    t_ref = best_of(lambda: plain_loop(cfg), a.repeat)
    t_fast = best_of(lambda: simulate(cfg, budget=BATCH), a.repeat)

    def no_grid(*args, **kwargs):
        rows = args[0].shape[0]
        return np.zeros(rows), np.ones(rows), np.zeros((rows, 4))

    with (
        mock.patch.object(kernel, "grid_density", no_grid),
        mock.patch.object(kernel, "wasserstein2", lambda *x: np.zeros(len(x[0]))),
    ):
        t_cheap = best_of(lambda: simulate(cfg, budget=BATCH), a.repeat)
    ref = plain_loop(cfg)
    res = simulate(cfg, budget=BATCH)
    print(
        f"config: KDE fixed h=0.3, M={cfg.sample_size}, R={cfg.replicates}, G={cfg.generations}, replace, r=0"
    )
    print(
        f"plain loop (per replicate: resample, variance, 2 tail masses), best of {a.repeat}: {t_ref:6.2f} s"
    )
    print(
        f"KDE engine, same metrics (grid switched off), best of {a.repeat}:        {t_cheap:6.2f} s"
        f"  speed-up {t_ref / t_cheap:.1f}x"
    )
    print(
        f"KDE engine, all metrics (+ density grid: W2, modes), best of {a.repeat}:  {t_fast:6.2f} s"
        f"  speed-up {t_ref / t_fast:.1f}x"
    )
    print(
        f"variance ratio at G, mean over replicates: plain {ref.mean():.3f}, engine "
        f"{res.metric('variance_ratio')[:, -1].mean():.3f}"
    )


if __name__ == "__main__":
    main()
