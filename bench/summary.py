"""Result.summary() against the engine, and the command line against the paper authors' loop.

Targets (summary issue), M = 1000, G = R = 2000, budget BATCH (as the CLI uses):
  summary of all 15 Gaussian metrics <= the exact engine's time;
  `python -m collapse_core simulate ...` end to end >= 300x faster than the authors' loop.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from bench.timing import best_of, verdict
from collapse_core import BATCH, GaussianConfig, cli, families, simulate_gaussian
from collapse_core.gaussian import metrics
from collapse_core.output import document
from collapse_core.summary import plain_summarise

M, G, R = 1000, 2000, 2000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the checkout the command imports
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
    print(
        f"M={M} G={G} R={R}, {len(res.metric_names)} metrics: exact engine {t_engine:.3f} s, "
        f"summary {t_summary:.3f} s (previous np.quantile per metric: {t_old:.3f} s)"
    )
    print(f"  summary / engine: {ratio:.2f} (target <= 1) {verdict(ratio <= 1)}")

    out = os.path.join(tempfile.mkdtemp(), "x.json")
    argv = [
        "simulate",
        "--sample-size",
        str(M),
        "--generations",
        str(G),
        "--replicates",
        str(R),
        "--seed",
        "1",
        "--out",
        out,
    ]
    t_cli = best_of(lambda: cli.main(argv), repeats=2)
    t_proc = best_of(lambda: _run([sys.executable, "-m", "collapse_core", *argv]), repeats=2)
    t_import = best_of(lambda: _run([sys.executable, "-c", "import collapse_core.cli"]), repeats=2)
    t_python = best_of(lambda: _run([sys.executable, "-c", "import numpy"]), repeats=2)
    t0 = time.perf_counter()
    authors_loop(M, G, LOOP_R)
    t_loop_small = time.perf_counter() - t0
    t_loop = t_loop_small * R / LOOP_R
    print(
        f"authors' loop: {t_loop_small:.2f} s at R={LOOP_R}, scaled linearly to R={R} "
        f"(replicates are independent): {t_loop:.0f} s"
    )
    print(
        f"CLI in process (BATCH budget): {t_cli:.3f} s, {t_loop / t_cli:.0f}x the authors' loop "
        f"(target >= 300) {verdict(t_loop / t_cli >= 300)}"
    )
    print(
        f"CLI as a command (`python -m collapse_core simulate`, new interpreter): {t_proc:.3f} s, "
        f"{t_loop / t_proc:.0f}x (target >= 300) {verdict(t_loop / t_proc >= 300)}"
    )
    parts = {
        "python + numpy start": t_python,
        "import collapse_core.cli (rest)": t_import - t_python,
        **cli_breakdown(cfg, out),
    }
    print("  where the command's time goes: " + ", ".join(f"{k} {v:.3f} s" for k, v in parts.items()))


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": ROOT})


def cli_breakdown(cfg: GaussianConfig, out: str) -> dict[str, float]:
    """The CLI's steps timed one by one (best of two), in the order cli.main takes them."""
    res = simulate_gaussian(cfg, budget=BATCH)
    th = families.of(cfg).theory(res.config)
    t_sum = best_of(res.summary, repeats=2)
    done = res.summary()
    object.__setattr__(res, "summary", lambda names=None: done)  # the document's other work alone
    t_doc = best_of(lambda: document(res, th), repeats=2)
    doc = document(res, th)
    t_dumps = best_of(lambda: json.dumps(doc) + "\n", repeats=2)
    text = json.dumps(doc) + "\n"
    return {
        "engine": best_of(lambda: simulate_gaussian(cfg, budget=BATCH), repeats=2),
        "theory": best_of(lambda: families.of(cfg).theory(res.config), repeats=2),
        "summary": t_sum,
        "rest of the document": t_doc,
        f"JSON encoding ({len(text) / 1e6:.1f} MB)": t_dumps,
        "file write": best_of(lambda: cli._write(text, out), repeats=2),
    }


if __name__ == "__main__":
    main()
