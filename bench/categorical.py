"""Benchmark: categorical engine vs the plain loop, K = M = 10 000, R = 100, G = 200.

The plain loop: for each replicate and generation, one multinomial draw over all K
categories, then renormalise (no metrics). The engine also computes every stored metric and
the extinction tables. Both are timed in this run (best of --repeat runs each, without
tracing); peak memory is measured in one more, traced run of each (tracemalloc sees
numpy's allocations) and compared with R * K * 8 bytes.

    python -m bench.categorical [--categories K] [--sample-size M] [--replicates R] [--generations G]
                                [--temperature T] [--top-k k] [--top-p p]

With a decoding knob on, the plain loop decodes each generation's model (collapse_core.decoding,
one row) before its multinomial draw, as the engine does for all rows at once.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from collapse_core import BATCH
from collapse_core.categorical import CategoricalConfig, simulate_categorical, truth_probabilities
from collapse_core.decoding import decode_rows


def plain_loop(cfg: CategoricalConfig) -> np.ndarray:
    """Surviving categories at the last generation, per replicate."""
    gen = np.random.default_rng(cfg.seed)
    p0 = truth_probabilities(cfg)
    out = np.empty(cfg.replicates, dtype=int)
    for r in range(cfg.replicates):
        p = p0
        for t in range(cfg.generations):
            if t and cfg.decodes:  # generation 1's tokens come from the truth, never decoded
                w = decode_rows(p[None, :], cfg.temperature, cfg.top_k, cfg.top_p)[0]
                p = w / w.sum()
            counts = gen.multinomial(cfg.sample_size, p)
            p = counts / cfg.sample_size
        out[r] = np.count_nonzero(counts)
    return out


def _measure(fn, repeat: int):
    """(value, best wall time of `repeat` runs, peak traced bytes of one more run)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return value, best, peak


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--categories", type=int, default=10_000)
    ap.add_argument("--sample-size", type=int, default=10_000)
    ap.add_argument("--replicates", type=int, default=100)
    ap.add_argument("--generations", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--top-k", type=int, default=0)
    ap.add_argument("--top-p", type=float, default=1.0)
    a = ap.parse_args(argv)
    cfg = CategoricalConfig(
        truth="zipf",
        categories=a.categories,
        sample_size=a.sample_size,
        replicates=a.replicates,
        generations=a.generations,
        seed=1,
        temperature=a.temperature,
        top_k=a.top_k,
        top_p=a.top_p,
    )
    truth_probabilities(cfg)  # build the truth outside the timings
    ref, t_ref, peak_ref = _measure(lambda: plain_loop(cfg), a.repeat)
    res, t_fast, peak = _measure(lambda: simulate_categorical(cfg, budget=BATCH), a.repeat)
    rk8 = cfg.replicates * cfg.categories * 8
    fast_surv = res.metric("surviving")[:, -1]
    print(
        f"config: zipf s=1, K={cfg.categories}, M={cfg.sample_size}, R={cfg.replicates}, G={cfg.generations}, replace, r=0, "
        f"T={cfg.temperature:g}, top-k={cfg.top_k}, top-p={cfg.top_p:g}"
    )
    print(f"plain loop (multinomial over all K, per replicate), best of {a.repeat}: {t_ref:6.2f} s")
    print(f"categorical engine (+ all metrics, extinction tables), best of {a.repeat}: {t_fast:6.2f} s")
    print(f"speed-up: {t_ref / t_fast:.1f}x")
    print(
        f"engine peak traced memory: {peak / 1e6:.1f} MB = {peak / rk8:.2f} x R*K*8 bytes ({rk8 / 1e6:.1f} MB)"
    )
    print(f"plain loop peak traced memory: {peak_ref / 1e6:.1f} MB")
    print(f"surviving at G, mean over replicates: plain {ref.mean():.1f}, engine {fast_surv.mean():.1f}")


if __name__ == "__main__":
    main()
