"""Benchmark: the digits family at its defaults (M = 500 images, d = 20, R = 20, G = 50).

1. One generation for all ten classes: fit, sample M images, render and measure them, for all
   R replicates at once (the engine, G = 1 minus G = 0's setup), against a plain loop in the
   same run (per replicate and class: np.cov, numpy's multivariate_normal, then the same
   per-image measures one replicate at a time).
2. A whole default run through simulate() (what a page's cache miss costs).
3. The page via AppTest: a cold rerun (new seed: simulated) and a warm rerun (a setting flipped
   back to a cached value: only charts redrawn), against the 1 s target.

    python -m bench.digits [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from bench.timing import best_of, verdict
from collapse_core import simulate
from collapse_core.digits import DigitsConfig
from collapse_core.digits.data import CLASSES, judges, real_digits, space
from collapse_core.digits.engine import quotas
from collapse_core.digits.metrics import frechet_distance, mixture_moments

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0


def plain_generation(cfg: DigitsConfig, gen: np.random.Generator) -> float:
    """One generation, replicate by replicate and class by class (fixed quotas)."""
    real, sp, jd = real_digits(), space(cfg.components), judges()
    n = quotas(cfg.sample_size, real.prior)
    acc = 0.0
    for _ in range(cfg.replicates):
        mus, covs, zs, ys = [], [], [], []
        for c in range(CLASSES):
            pool = sp.train_z[real.train_y == c]
            x = pool[gen.integers(0, len(pool), n[c])]
            mus.append(x.mean(axis=0))
            covs.append(np.cov(x, rowvar=False, bias=True))
            zs.append(gen.multivariate_normal(mus[-1], covs[-1], size=n[c], method="cholesky"))
            ys.append(np.full(n[c], c))
        z, y = np.concatenate(zs), np.concatenate(ys)
        pix = sp.render(z)
        sel = pix[np.linspace(0, len(pix) - 1, 100).astype(int)]
        dist = np.sqrt(np.maximum(((sel[:, None, :] - sel[None, :, :]) ** 2).sum(-1), 0))
        m, s = mixture_moments(real.prior[None], np.array(mus)[None], np.array(covs)[None])
        acc += (
            pix.var(axis=0).mean()
            + dist.mean()
            + (jd.classify(pix) == y).mean()
            + np.bincount(jd.style(pix), minlength=40).max()
            + frechet_distance(m, s, sp.ref_mean, sp.ref_cov)[0]
        )
    return acc


def _app(path: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(path)
    at.run()
    assert not at.exception, at.exception
    return at


def page_reruns(repeats: int) -> tuple[float, float, float]:
    """Median cold and warm rerun of the digits page, and the Gaussian page's warm rerun (its
    sample size flipped between two cached values) as a reference measured in the same run."""
    at = _app("pages/digits.py")
    seed = at.number_input(key="digits.seed")
    cold = [best_of(lambda i=i: seed.set_value(30_000 + i).run(), 1) for i in range(repeats)]
    at.radio(key="digits.class_prior").set_value("fixed").run()
    warm = [
        best_of(
            lambda i=i: (
                at.radio(key="digits.class_prior").set_value("refitted" if i % 2 == 0 else "fixed").run()
            ),
            1,
        )
        for i in range(2 * repeats)
    ]
    assert not at.exception, at.exception
    ref = _app("pages/gaussian.py")
    ref.select_slider(key="gaussian.sample_size").set_value(200).run()
    ref_warm = [
        best_of(
            lambda i=i: (
                ref.select_slider(key="gaussian.sample_size").set_value(100 if i % 2 == 0 else 200).run()
            ),
            1,
        )
        for i in range(2 * repeats)
    ]
    return statistics.median(cold), statistics.median(warm), statistics.median(ref_warm)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-page", action="store_true", help="skip the AppTest page timings")
    a = ap.parse_args(argv)
    cfg = DigitsConfig(seed=1)
    judges(), space(cfg.components)  # the one-off set-up (scikit-learn) outside the timings
    fixed = DigitsConfig(seed=1, class_prior="fixed")
    one = best_of(lambda: simulate(DigitsConfig(seed=1, class_prior="fixed", generations=1)), a.repeat)
    zero = best_of(
        lambda: simulate(DigitsConfig(seed=1, class_prior="fixed", generations=1, sample_size=2)), a.repeat
    )
    gen = np.random.default_rng(1)
    plain = best_of(lambda: plain_generation(fixed, gen), a.repeat)
    print(
        f"config: M={cfg.sample_size} images, d={cfg.components}, R={cfg.replicates}, G={cfg.generations}, "
        "replace, r=0 (one generation: fixed class prior)"
    )
    print(
        f"one generation, all ten classes, R={cfg.replicates} replicates (engine, simulate with G=1): "
        f"{one * 1e3:7.1f} ms (of which set-up with M=2: {zero * 1e3:.1f} ms)"
    )
    print(f"one generation, plain per-replicate per-class loop:                {plain * 1e3:7.1f} ms")
    print(f"speed-up: {plain / one:.1f}x")
    full = best_of(lambda: simulate(cfg), a.repeat)
    cpu0 = time.process_time()
    simulate(cfg)
    cpu = time.process_time() - cpu0
    print(
        f"whole default run, simulate(), best of {a.repeat}: {full:6.2f} s wall, {cpu:.2f} s CPU "
        f"({full / cfg.generations * 1e3:.0f} ms per generation; wall > CPU means a loaded machine)"
    )
    if not a.no_page:
        cold, warm, ref = page_reruns(a.repeat)
        print(
            f"page rerun at defaults, cold (new seed, simulated): {cold:6.2f} s  "
            f"ratio to bare simulate {cold / full:.2f}"
        )
        print(
            f"page rerun at defaults, warm (cached, 8 charts drawn): {warm:6.2f} s  "
            f"target {TARGET:.0f} s: {verdict(warm < TARGET)} (ratio {warm / TARGET:.2f})"
        )
        print(
            f"reference: Gaussian page warm rerun (4 charts), same run: {ref:6.2f} s  "
            f"digits / Gaussian: {warm / ref:.2f}"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
