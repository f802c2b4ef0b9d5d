"""Result.summary() against the engine, and the command line against the paper authors' loop.

Targets (summary issue), M = 1000, G = R = 2000, budget BATCH (as the CLI uses):
  summary of all 15 Gaussian metrics <= the exact engine's time;
  `python -m collapse_core simulate ...` end to end >= 300x faster than the authors' loop.
"""

from __future__ import annotations

import os
import tempfile
import time

from bench.timing import best_of, verdict
from collapse_core import BATCH, GaussianConfig, cli, simulate_gaussian
from collapse_core.gaussian import metrics
from collapse_core.summary import plain_summarise

M, G, R = 1000, 2000, 2000
LOOP_R = 20  # the authors' loop is timed at this many replicates and scaled linearly to R


def authors_loop(m: int, g: int, r: int, seed: int = 0) -> None:
    """As in the paper's notebook: per replicate and generation, draw M normals from
    N(mu, sigma), then mu = mean, sigma = std (ddof=0)."""
    rng = __import__("numpy").random.default_rng(seed)
    for _ in range(r):
        mu, sigma = 0.0, 1.0
        for _ in range(g):
            x = rng.normal(mu, sigma, m)
            mu, sigma = x.mean(), x.std()


def old_summary(res) -> dict:
    """The previous Result.summary: every metric array computed alone, then np.quantile."""
    m, lv = res.arrays["mean"], res.arrays["log_variance"]
    return {n: plain_summarise(metrics.compute(n, m, lv, res.config)) for n in res.metric_names}


def main() -> None:
    print("== Result.summary ==")
    cfg = GaussianConfig(sample_size=M, generations=G, replicates=R, seed=1)
    t_engine = best_of(lambda: simulate_gaussian(cfg, budget=BATCH), repeats=3)
    res = simulate_gaussian(cfg, budget=BATCH)
    t_summary = best_of(res.summary, repeats=3)
    t_old = best_of(lambda: old_summary(res), repeats=1)
    ratio = t_summary / t_engine
    print(f"M={M} G={G} R={R}, {len(res.metric_names)} metrics: exact engine {t_engine:.3f} s, "
          f"summary {t_summary:.3f} s (previous np.quantile per metric: {t_old:.3f} s)")
    print(f"  summary / engine: {ratio:.2f} (target <= 1) {verdict(ratio <= 1)}")

    out = os.path.join(tempfile.mkdtemp(), "x.json")
    argv = ["simulate", "--sample-size", str(M), "--generations", str(G), "--replicates", str(R),
            "--seed", "1", "--out", out]
    t_cli = best_of(lambda: cli.main(argv), repeats=2)
    t0 = time.perf_counter()
    authors_loop(M, G, LOOP_R)
    t_loop_small = time.perf_counter() - t0
    t_loop = t_loop_small * R / LOOP_R
    speedup = t_loop / t_cli
    print(f"CLI end to end (in process, BATCH budget): {t_cli:.3f} s; authors' loop {t_loop_small:.2f} s "
          f"at R={LOOP_R}, scaled linearly to R={R}: {t_loop:.0f} s")
    print(f"  CLI speed-up over the authors' loop: {speedup:.0f}x (target >= 300) {verdict(speedup >= 300)}")


if __name__ == "__main__":
    main()
