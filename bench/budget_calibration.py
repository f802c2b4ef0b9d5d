"""Benchmark: each family's cost model (collapse_core/<family>/budget.py, predict(cfg, engine))
against the CPU time and peak memory measured on this machine, on a grid of configs from small
to the interactive budget (issue 16: a budget calibrated by measurement).

Each config runs twice, single-threaded (threadpoolctl limits BLAS/OpenMP to one thread): once
timed with time.process_time (CPU-seconds of this process), once under tracemalloc for the
peak of allocations (numpy's buffers included). Goal: every predicted / measured ratio within
[0.5, 2]. --fit also refits each model's coefficients by non-negative least squares on the
relative error and prints them, to paste into the family's MODEL (with the date).

    python -m bench.budget_calibration [--family NAME ...] [--fit]
"""

from __future__ import annotations

import argparse
import contextlib
import time
import tracemalloc

import numpy as np

from bench.timing import verdict
from collapse_core import BATCH, families, simulate

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # then BLAS may use more threads: CPU-seconds then count every thread
    threadpool_limits = None

# (engine, config overrides) per family: small configs, the defaults, and configs near the
# interactive budget along each axis of the cost model (regimes, size, dimension).
GRID = {
    "gaussian": [
        ("exact", {}),
        ("exact", {"replicates": 1000, "generations": 2000}),
        ("exact", {"replicates": 5000, "generations": 2000, "regime": "accumulate"}),
        ("exact", {"replicates": 2000, "generations": 1000, "regime": "accumulate", "real_fraction": 0.5}),
        ("exact", {"replicates": 50, "generations": 50}),
        ("monte-carlo", {}),
        ("monte-carlo", {"replicates": 1000, "generations": 1000}),
        (
            "monte-carlo",
            {"replicates": 1000, "generations": 500, "regime": "accumulate", "real_fraction": 0.3},
        ),
        ("monte-carlo", {"replicates": 200, "generations": 200, "regime": "accumulate-subsample"}),
        (
            "monte-carlo",
            {
                "replicates": 1000,
                "generations": 1000,
                "sample_size": 20,
                "regime": "accumulate-subsample",
                "real_fraction": 0.5,
            },
        ),
        (
            "monte-carlo",
            {"replicates": 50, "generations": 2000, "sample_size": 500, "regime": "accumulate-subsample"},
        ),
    ],
    "categorical": [
        ("exact", {}),
        ("exact", {"replicates": 1000, "generations": 1000, "categories": 1000}),
        ("exact", {"replicates": 200, "generations": 200, "categories": 100_000}),
        ("exact", {"replicates": 50, "generations": 50, "categories": 10_000, "real_fraction": 0.2}),
        ("exact", {"replicates": 100, "generations": 100, "categories": 10_000, "smoothing": 0.1}),
        ("exact", {"replicates": 200, "generations": 500, "categories": 1000, "regime": "accumulate"}),
        (
            "exact",
            {"replicates": 200, "generations": 200, "categories": 1000, "regime": "accumulate-subsample"},
        ),
        (
            "exact",
            {
                "replicates": 100,
                "generations": 200,
                "categories": 10_000,
                "sample_size": 1000,
                "regime": "accumulate-subsample",
            },
        ),
        ("exact", {"replicates": 20, "generations": 20, "categories": 100}),
        ("exact", {"replicates": 100, "generations": 300, "sample_size": 2000}),
        ("exact", {"replicates": 100, "generations": 50, "sample_size": 20_000}),
        ("exact", {"replicates": 200, "generations": 300, "sample_size": 500, "categories": 500}),
    ],
    "text": [
        ("monte-carlo", {}),
        ("monte-carlo", {"replicates": 20, "generations": 50}),
        ("monte-carlo", {"replicates": 5, "generations": 50, "sample_size": 20_000, "order": 3}),
        ("monte-carlo", {"replicates": 5, "generations": 50, "regime": "accumulate"}),
        ("monte-carlo", {"replicates": 2, "generations": 10, "sample_size": 1000}),
        ("monte-carlo", {"replicates": 10, "generations": 100, "sample_size": 2000, "order": 1}),
    ],
    "multivariate": [
        ("exact", {}),
        ("exact", {"replicates": 500, "generations": 200, "dimension": 10}),
        ("exact", {"replicates": 100, "generations": 100, "dimension": 50}),
        ("exact", {"replicates": 2000, "generations": 1000, "dimension": 2}),
        ("exact", {"replicates": 20, "generations": 20, "dimension": 5}),
        ("monte-carlo", {}),
        ("monte-carlo", {"replicates": 200, "generations": 100, "dimension": 10, "sample_size": 500}),
        (
            "monte-carlo",
            {"replicates": 200, "generations": 200, "dimension": 5, "regime": "accumulate-subsample"},
        ),
        ("monte-carlo", {"replicates": 100, "generations": 100, "dimension": 20}),
        ("monte-carlo", {"replicates": 20, "generations": 20, "dimension": 2}),
    ],
    "mixture": [
        ("em", {}),
        ("em", {"replicates": 200, "generations": 100, "sample_size": 500}),
        ("em", {"replicates": 100, "generations": 50, "sample_size": 200, "regime": "accumulate"}),
        ("em", {"replicates": 100, "generations": 100, "dimension": 2, "components": 4}),
        ("em", {"replicates": 100, "generations": 100, "regime": "accumulate-subsample"}),
        ("em", {"replicates": 20, "generations": 20}),
        ("em", {"replicates": 500, "generations": 200, "sample_size": 200, "components": 2}),
    ],
    "digits": [
        ("monte-carlo", {}),
        ("monte-carlo", {"replicates": 20, "generations": 50, "sample_size": 1000}),
        ("monte-carlo", {"replicates": 10, "generations": 50, "regime": "accumulate-subsample"}),
        ("monte-carlo", {"replicates": 5, "generations": 10, "sample_size": 200}),
        ("monte-carlo", {"replicates": 50, "generations": 20, "sample_size": 200, "components": 40}),
        ("monte-carlo", {"replicates": 100, "generations": 10, "sample_size": 200, "components": 30}),
    ],
    "kde": [
        ("monte-carlo", {}),
        ("monte-carlo", {"replicates": 200, "generations": 200, "sample_size": 500}),
        ("monte-carlo", {"replicates": 50, "generations": 100, "regime": "accumulate"}),
        ("monte-carlo", {"replicates": 200, "generations": 200, "regime": "accumulate-subsample"}),
        ("monte-carlo", {"replicates": 20, "generations": 20}),
        ("monte-carlo", {"replicates": 500, "generations": 100, "sample_size": 20}),
    ],
    "regression": [
        ("monte-carlo", {}),
        ("monte-carlo", {"replicates": 500, "generations": 300, "dimension": 10}),
        ("monte-carlo", {"replicates": 100, "generations": 100, "dimension": 50, "sample_size": 500}),
        ("monte-carlo", {"replicates": 200, "generations": 200, "regime": "accumulate-subsample"}),
        ("monte-carlo", {"replicates": 20, "generations": 20, "dimension": 2}),
        ("monte-carlo", {"replicates": 200, "generations": 200, "dimension": 1, "sample_size": 1000}),
    ],
}


def one_thread():
    return threadpool_limits(1) if threadpool_limits is not None else contextlib.nullcontext()


def measured_peak(cfg, engine: str) -> int:
    """Peak bytes allocated (tracemalloc, numpy included) while running cfg once."""
    tracemalloc.start()
    try:
        simulate(cfg, engine=engine, budget=BATCH)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(cfg, engine: str) -> tuple[float, int]:
    """(CPU-seconds, peak bytes) of one run of cfg, single-threaded."""
    with one_thread():
        t0 = time.process_time()
        simulate(cfg, engine=engine, budget=BATCH)
        cpu = time.process_time() - t0
        return cpu, measured_peak(cfg, engine)


def fit(rows, names, target) -> dict[str, float]:
    """Non-negative coefficients minimising the squared relative error of the prediction."""
    from scipy.optimize import nnls

    a = np.array([[x[n] if n != "one" else 1.0 for n in names] for x, _ in rows], dtype=float)
    y = np.array([target(m) for _, m in rows], dtype=float)
    scale = np.where(a.max(axis=0) > 0, a.max(axis=0), 1.0)
    coef, _ = nnls(a / y[:, None] / scale, np.ones(len(y)))
    return {n: float(f"{c / s:.3g}") for n, c, s in zip(names, coef, scale, strict=True)}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", action="append", choices=sorted(GRID), help="only these families")
    ap.add_argument("--fit", action="store_true", help="refit the coefficients and print them")
    args = ap.parse_args(argv)
    print(
        "cost model vs measurement (one thread; CPU: time.process_time, peak: tracemalloc)"
        + ("" if threadpool_limits else " -- threadpoolctl missing: BLAS threads not limited")
    )
    print(
        f"{'family':12s} {'engine':11s} {'CPU pred':>9s} {'meas':>7s} {'ratio':>6s} "
        f"{'MB pred':>8s} {'meas':>7s} {'ratio':>6s}  config"
    )
    worst = []
    for name in args.family or GRID:
        fam = families.all_families()[name]
        mod = __import__(fam.check_budget.__module__, fromlist=["MODEL"])
        by_engine: dict[str, list] = {}
        engine, overrides = GRID[name][0]  # warm: data, corpora and caches load once, unmeasured
        simulate(
            fam.default_config(seed=1, **{**overrides, "replicates": 2, "generations": 2}),
            engine=engine,
            budget=BATCH,
        )
        for engine, overrides in GRID[name]:
            cfg = fam.default_config(seed=1, **overrides)
            cpu, peak = measure(cfg, engine)
            cost = fam.cost(cfg, engine)
            rc, rm = cost.cpu_seconds / cpu, cost.peak_bytes / peak
            worst += [rc, rm]
            by_engine.setdefault(engine, []).append((mod.features(cfg, engine), (cpu, peak)))
            print(
                f"{name:12s} {engine:11s} {cost.cpu_seconds:9.3f} {cpu:7.3f} {rc:6.2f} "
                f"{cost.peak_bytes / 1e6:8.1f} {peak / 1e6:7.1f} {rm:6.2f}  {overrides or 'defaults'}",
                flush=True,
            )
        if args.fit:
            for engine, rows in by_engine.items():
                model = mod.MODEL[engine if engine in mod.MODEL else next(iter(mod.MODEL))]
                print(f"  fitted {name} {engine}: cpu={fit(rows, list(model.cpu), lambda m: m[0])}")
                print(f"  fitted {name} {engine}: peak={fit(rows, list(model.peak), lambda m: m[1])}")
    inside = all(0.5 <= r <= 2 for r in worst)
    print(f"every ratio within [0.5, 2]: {verdict(inside)} (range {min(worst):.2f} - {max(worst):.2f})")


if __name__ == "__main__":
    main()
