"""Benchmark: sweeps serial vs on a local Dask cluster (2 worker processes, one thread each),
and against a plain Python loop over simulate() for the same cells.

Sweeps: a 20 x 20 Gaussian sweep (sample_size 10..1000 log-spaced x real_fraction 0..0.5,
G = 500, R = 200, variance_ratio:median) and a 10 x 10 categorical sweep (sample_size x
real_fraction, K = 200, G = 100, R = 100, surviving:median). Per-task overhead: a sweep of
trivial cells (G = 1, R = 1) on the running cluster, per cell, minus the same cells serially.

    python -m bench.sweep [--workers 2] [--small]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from collapse_core import BATCH, simulate
from collapse_core.sweep import Axis, SweepSpec
from collapse_core.sweep.runner import dask_client, run_sweep


def specs(small: bool) -> list[tuple[str, SweepSpec]]:
    n, m = (6, 4) if small else (20, 10)
    g = SweepSpec(
        family="gaussian",
        base={"generations": 500, "replicates": 200},
        axes=(
            Axis("sample_size", tuple(int(x) for x in np.unique(np.round(np.geomspace(10, 1000, n))))),
            Axis("real_fraction", tuple(float(x) for x in np.linspace(0, 0.5, n))),
        ),
        metrics=(("variance_ratio", "median"),),
        root_seed=1,
    )
    c = SweepSpec(
        family="categorical",
        base={"categories": 200, "generations": 100, "replicates": 100},
        axes=(
            Axis("sample_size", tuple(int(x) for x in np.linspace(100, 1000, m))),
            Axis("real_fraction", tuple(float(x) for x in np.linspace(0, 0.5, m))),
        ),
        metrics=(("surviving", "median"),),
        root_seed=1,
    )
    return [
        (f"gaussian {len(g.axes[0].values)}x{len(g.axes[1].values)}, G=500, R=200", g),
        (f"categorical {m}x{m}, K=200, G=100, R=100", c),
    ]


def plain_loop(spec: SweepSpec) -> float:
    """The same cells (same derived seeds) as a plain loop over simulate() + summary()."""
    cells = spec.cells()
    t0 = time.perf_counter()
    for cell in cells:
        res = simulate(cell.config, budget=BATCH)
        for metric, stat in spec.metrics:
            res.summary((metric,))[metric][stat][-1]
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--small", action="store_true", help="a quick smoke run with small grids")
    a = ap.parse_args(argv)
    print(f"sweep benchmark: serial vs LocalCluster({a.workers} processes x 1 thread)")
    t0 = time.perf_counter()
    with dask_client("local", n_workers=a.workers) as client:
        startup = time.perf_counter() - t0
        print(f"local cluster start-up: {startup:.2f} s (paid once per sweep on the command line)")
        # Warm the workers (imports) so the timings below are the steady state.
        warm = SweepSpec(
            family="gaussian",
            base={"generations": 1, "replicates": 1},
            axes=(Axis("sample_size", tuple(range(2, 2 + 4 * a.workers))),),
            metrics=(("variance_ratio", "mean"),),
        )
        run_sweep(warm, client=client)
        run_sweep(warm, scheduler="serial")
        tiny = SweepSpec(
            family="gaussian",
            base={"generations": 1, "replicates": 1},
            axes=(Axis("sample_size", tuple(range(2, 402))),),
            metrics=(("variance_ratio", "mean"),),
        )
        t_tiny_serial = run_sweep(tiny, scheduler="serial").elapsed
        t_tiny_dask = run_sweep(tiny, client=client).elapsed
        print(
            f"per-task overhead (400 trivial cells): serial {1e3 * t_tiny_serial / 400:.2f} ms/cell, "
            f"dask {1e3 * t_tiny_dask / 400:.2f} ms/cell -> {1e3 * (t_tiny_dask - t_tiny_serial) / 400:.2f} ms "
            "added per cell"
        )
        for name, spec in specs(a.small):
            serial = run_sweep(spec, scheduler="serial")
            dask = run_sweep(spec, client=client)
            loop = plain_loop(spec)
            same = serial.table["value"].tolist() == dask.table["value"].tolist()
            print(f"{name}: {spec.n_cells} cells")
            print(f"  plain loop over simulate(): {loop:6.2f} s ({1e3 * loop / spec.n_cells:.1f} ms/cell)")
            print(
                f"  sweep, serial:              {serial.elapsed:6.2f} s ({serial.elapsed / loop:.2f} x the loop)"
            )
            print(
                f"  sweep, dask {a.workers} workers:      {dask.elapsed:6.2f} s (speed-up {serial.elapsed / dask.elapsed:.2f}x "
                f"over serial; {(dask.elapsed + startup):.2f} s with start-up); identical tables: {same}"
            )


if __name__ == "__main__":
    main()
