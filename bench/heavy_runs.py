"""Benchmark: heavy page runs on a local Dask cluster, and what they cost the light reruns.

1. The paper's mixture (Shumailov et al.: 2 components, 1000 points, 2000 generations,
   20 chains) in this process, then split into stream blocks on a local cluster of 1 and of
   2 worker processes (the cluster started beforehand, as the server starts it once; at the
   server's priority, or niced as the server runs them with --nice), as ratios to the
   single-process time; the same for 512 chains x 200 generations (two blocks).
   Every cluster result is checked equal to the single-process one.
2. The 30-session light-rerun load of bench/load.py (the Gaussian page's slider) on a fresh
   server, its p95 alone and then while the paper's mixture computes on a local cluster of 2
   worker processes at the workers' idle priority (the cluster a server starts for heavy
   runs), as a ratio.

    python -m bench.heavy_runs [--seconds 30] [--sessions 30] [--skip-load]
"""

from __future__ import annotations

import argparse
import threading
import time

import numpy as np

from collapse_core import BATCH, blocks, families, heavy_jobs, simulate


def paper_mixture(replicates: int = 20, generations: int = 2000):
    return families.all_families()["mixture"].default_config(
        components=2, sample_size=1000, generations=generations, replicates=replicates, seed=1
    )


def _on_cluster(client, cfg):
    def run_all(p):
        futures = [client.submit(blocks.run_task, p, t, pure=False) for t in p.tasks]
        return client.gather(futures)

    return blocks.simulate_split(cfg, run_all=run_all)


def _same(a, b) -> bool:
    return all(np.array_equal(a.arrays[k], b.arrays[k], equal_nan=True) for k in b.arrays)


def cluster_times(nice: bool) -> None:
    cases = [("paper mixture, 20 chains x 2000 gens", paper_mixture())]
    cases.append(("mixture, 512 chains x 200 gens", paper_mixture(512, 200)))
    singles = {}
    for name, cfg in cases:
        t0 = time.perf_counter()
        singles[name] = (simulate(cfg, budget=BATCH), time.perf_counter() - t0)
        print(f"{name}: single process {singles[name][1]:.1f} s", flush=True)
    for workers in (1, 2):
        client = heavy_jobs.connect("local", n_workers=workers, lower_priority=nice)
        try:
            client.submit(sum, [1]).result()  # the workers are up
            for name, cfg in cases:
                t0 = time.perf_counter()
                res = _on_cluster(client, cfg)
                wall = time.perf_counter() - t0
                ref, single = singles[name]
                ok = "equal" if _same(res, ref) else "DIFFERENT"
                print(
                    f"{name}: {workers} worker(s){' niced' if nice else ''} {wall:.1f} s = {wall / single:.2f}x single process "
                    f"({len(blocks.plan(cfg).tasks)} block(s); result {ok})",
                    flush=True,
                )
        finally:
            cluster = client.cluster
            client.close()
            cluster.close()


def load_with_and_without(sessions: int, seconds: float, workers: int) -> None:
    from bench import load

    with load.one_server(preload=False) as (url, _pids):
        load.run_load(url, 3, 5)  # warm the imports and the first pictures
        alone = load.run_load(url, sessions, seconds)
        print(
            f"light reruns alone: p50 {alone['p50']:.2f} s, p95 {alone['p95']:.2f} s, "
            f"{alone['reruns']} reruns, {len(alone['errors'])} errors",
            flush=True,
        )
        client = heavy_jobs.connect("local", n_workers=workers)
        try:
            client.submit(sum, [1]).result()
            stop = threading.Event()

            def heavy() -> None:  # the paper's mixture, again and again, while the load runs
                while not stop.is_set():
                    try:
                        _on_cluster(client, paper_mixture())
                    except Exception:  # cancelled when the cluster closes at the end
                        return

            threads = [threading.Thread(target=heavy, daemon=True) for _ in range(workers)]
            for t in threads:
                t.start()
            time.sleep(2)
            busy = load.run_load(url, sessions, seconds)
            stop.set()
        finally:
            cluster = client.cluster
            client.close()
            cluster.close()
        print(
            f"light reruns with heavy runs computing on {workers} worker(s): p50 {busy['p50']:.2f} s, p95 {busy['p95']:.2f} s, "
            f"{busy['reruns']} reruns, {len(busy['errors'])} errors",
            flush=True,
        )
        ratio = busy["p95"] / alone["p95"]
        print(f"p95 ratio (with / without): {ratio:.2f}x (goal: at most 1.5x)", flush=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--load-workers", type=int, default=2, help="local workers computing during the load")
    ap.add_argument("--skip-cluster", action="store_true")
    ap.add_argument(
        "--nice", action="store_true", help="time the cluster's workers niced, as the server runs them"
    )
    args = ap.parse_args(argv)
    if not args.skip_cluster:
        cluster_times(args.nice)
    if not args.skip_load:
        load_with_and_without(args.sessions, args.seconds, args.load_workers)


if __name__ == "__main__":
    main()
