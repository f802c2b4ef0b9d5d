"""Benchmark: batched EM (all replicates at once) vs a per-replicate scikit-learn loop.

Same data, same initialisation: each compared generation samples one training set per
replicate from the current fits, then (a) fits all replicates with the batched EM and (b) fits
each replicate with sklearn.mixture.GaussianMixture (covariance_type="full", the same tol,
max_iter, reg_covar = variance_floor and the same weights/means/precisions init); the fitted
parameters are checked to agree. The full chain (sampling included) is timed with the
batched engine for all G generations; the scikit-learn loop is timed for --compare
generations only and scaled to G (it would take minutes), which the output says.

    python -m bench.mixture [--replicates R] [--sample-size M] [--components K] [--generations G]
                            [--compare N] [--dimension D]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

from bench.timing import verdict
from collapse_core.mixture import em
from collapse_core.mixture.config import MixtureConfig
from collapse_core.mixture.engine import run_arrays
from collapse_core.mixture.truth import Mixture, truth


def sklearn_loop(x: np.ndarray, init: Mixture, cfg: MixtureConfig) -> Mixture:
    from sklearn.mixture import GaussianMixture

    r, k = init.weights.shape
    out = Mixture(np.empty_like(init.weights), np.empty_like(init.means), np.empty_like(init.covariances))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning on the odd unconverged fit
        for i in range(r):
            gm = GaussianMixture(
                n_components=k,
                covariance_type="full",
                tol=cfg.em_tol,
                max_iter=cfg.em_max_iter,
                reg_covar=cfg.variance_floor,
                weights_init=init.weights[i],
                means_init=init.means[i],
                precisions_init=np.linalg.inv(init.covariances[i]),
                init_params="random_from_data",
                random_state=0,
            ).fit(x[i])
            out.weights[i], out.means[i], out.covariances[i] = gm.weights_, gm.means_, gm.covariances_
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--sample-size", type=int, default=1000)
    ap.add_argument("--components", type=int, default=3)
    ap.add_argument("--generations", type=int, default=100)
    ap.add_argument("--dimension", type=int, default=1)
    ap.add_argument("--compare", type=int, default=3, help="generations timed with scikit-learn")
    a = ap.parse_args(argv)
    cfg = MixtureConfig(
        dimension=a.dimension,
        components=a.components,
        sample_size=a.sample_size,
        generations=a.generations,
        replicates=a.replicates,
        seed=1,
    )
    print(
        f"mixture: batched EM vs per-replicate scikit-learn, R={cfg.replicates} M={cfg.sample_size} "
        f"K={cfg.components} D={cfg.dimension} G={cfg.generations}"
    )

    gen = np.random.default_rng(7)
    model = truth(cfg).rows(cfg.replicates)
    t_batch = t_sk = 0.0
    worst = 0.0
    iters = []
    for _ in range(a.compare):
        x = em.sample(gen, model, cfg.sample_size)
        t0 = time.perf_counter()
        fit, it, _ = em.fit(x, model, tol=cfg.em_tol, max_iter=cfg.em_max_iter, floor=cfg.variance_floor)
        t_batch += time.perf_counter() - t0
        t0 = time.perf_counter()
        ref = sklearn_loop(x, model, cfg)
        t_sk += time.perf_counter() - t0
        worst = max(
            worst, float(np.abs(fit.means - ref.means).max()), float(np.abs(fit.weights - ref.weights).max())
        )
        iters.append(it.mean())
        model = fit
    per_b, per_s = t_batch / a.compare, t_sk / a.compare
    print(
        f"  fit only, same data, {a.compare} generations: batched {per_b * 1e3:8.1f} ms/generation, "
        f"scikit-learn loop {per_s * 1e3:8.1f} ms/generation  ratio {per_s / per_b:6.1f}x  "
        f"(mean EM iterations {np.mean(iters):.1f}; max |difference| of weights and means {worst:.1e})"
    )

    t0 = time.perf_counter()
    run_arrays(cfg, cfg.seed)
    chain = time.perf_counter() - t0
    scaled = per_s * cfg.generations
    ratio = scaled / chain
    print(
        f"  full chain, G={cfg.generations}: batched engine {chain:6.2f} s measured (sampling included); "
        f"scikit-learn loop ~{scaled:6.1f} s (fit time of {a.compare} generations scaled to {cfg.generations}, "
        f"sampling not counted)  ratio ~{ratio:5.1f}x  goal >= 10x: {verdict(ratio >= 10)}"
    )


if __name__ == "__main__":
    main()
