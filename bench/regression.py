"""Benchmark: regression engine vs a plain per-replicate loop (np.linalg.lstsq), d = 10,
T = 100, G = 50, replace (R = 200) and accumulate (R = 50).

The plain loop refits each replicate with lstsq on the actual rows (accumulate: on every
row so far); the engine solves all replicates' normal equations at once (accumulate: running
sums of X^T X and X^T y).

    python -m bench.regression [--dimension d] [--sample-size T] [--replicates R] [--generations G]
"""

from __future__ import annotations

import argparse

import numpy as np

from bench.timing import best_of
from collapse_core import BATCH, simulate
from collapse_core.regression import RegressionConfig, expected_excess_risk


def plain_loop(cfg: RegressionConfig) -> np.ndarray:
    gen = np.random.default_rng(cfg.seed)
    d, w_star, out = cfg.dimension, cfg.w_star, np.empty(cfg.replicates)
    for r in range(cfg.replicates):
        w, xs, ys = w_star, [], []
        for _ in range(cfg.generations):
            x = gen.standard_normal((cfg.sample_size, d))
            y = x @ w + cfg.noise * gen.standard_normal(cfg.sample_size)
            if cfg.regime == "accumulate":
                xs.append(x)
                ys.append(y)
                x, y = np.vstack(xs), np.concatenate(ys)
            w = np.linalg.lstsq(x, y, rcond=None)[0]
        out[r] = np.sum((w - w_star) ** 2)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dimension", type=int, default=10)
    ap.add_argument("--sample-size", type=int, default=100)
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--generations", type=int, default=50)
    ap.add_argument(
        "--accumulate-replicates",
        type=int,
        default=50,
        help="replicates of the accumulate comparison (its plain loop refits on every row so far)",
    )
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    for regime in ("replace", "accumulate"):
        reps = a.replicates if regime == "replace" else a.accumulate_replicates
        cfg = RegressionConfig(
            dimension=a.dimension,
            sample_size=a.sample_size,
            replicates=reps,
            generations=a.generations,
            regime=regime,
            seed=1,
        )
        t_ref = best_of(lambda cfg=cfg: plain_loop(cfg), a.repeat)
        t_fast = best_of(lambda cfg=cfg: simulate(cfg, budget=BATCH), a.repeat)
        ref = plain_loop(cfg)
        fast = simulate(cfg, budget=BATCH).metric("excess_risk")[:, -1]
        print(
            f"config: regression d={cfg.dimension}, T={cfg.sample_size}, R={cfg.replicates}, "
            f"G={cfg.generations}, {regime}, r=0"
        )
        print(f"  plain loop (lstsq per replicate), best of {a.repeat}: {t_ref:6.2f} s")
        print(
            f"  regression engine (batched solve), best of {a.repeat}: {t_fast:6.2f} s  speed-up {t_ref / t_fast:.1f}x"
        )
        print(
            f"  excess risk at G: plain {ref.mean():.4f}, engine {fast.mean():.4f}, "
            f"theory {expected_excess_risk(cfg)[-1]:.4f}"
        )


if __name__ == "__main__":
    main()
