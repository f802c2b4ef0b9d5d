"""Engines against the plain per-replicate loops they replace, timed in the same run (issue 10).

Target: every engine takes at most half its plain loop's time at every size below.

Categorical (zipf s = 1, M = 2000, G = 40, R = 20, maximum likelihood): K in {1000, 10 000,
50 000}, real fraction r in {0, 0.1} (fresh), every regime. The plain loop, per replicate and
generation: real counts ~ Multinomial(n_real, p0), synthetic counts ~ Multinomial(n_syn, p)
over all K, then the regime (accumulate-subsample: numpy's multivariate hypergeometric draw of
M from the pooled counts) and p = counts / N; it computes no metric. The engine also computes
every stored metric and the extinction tables.

Gaussian accumulate-subsample (Monte Carlo engine) at M in {100, 1000}: the plain loop is
tests/statistical/reference.py's: per replicate, numpy draws, the pool concatenated, and
rng.choice(pool, M, replace=False) each generation.

    python -m bench.engines_vs_loops [--quick] [--only categorical|gaussian]
"""

from __future__ import annotations

import argparse

import numpy as np

from bench.timing import best_of, verdict
from collapse_core import BATCH, GaussianConfig, simulate
from collapse_core.categorical import CategoricalConfig, simulate_categorical, truth_probabilities

TARGET = 0.5


def categorical_loop(cfg: CategoricalConfig) -> np.ndarray:
    """Surviving categories at the last generation, per replicate (plain numpy, per replicate)."""
    gen = np.random.default_rng(cfg.seed)
    p0 = truth_probabilities(cfg)
    m, n_real, n_syn = cfg.sample_size, cfg.n_real, cfg.n_syn
    out = np.empty(cfg.replicates, dtype=int)
    for i in range(cfg.replicates):
        p, pool, fixed = p0, np.zeros(cfg.categories, dtype=np.int64), None
        for t in range(cfg.generations):
            if fixed is not None:
                real = fixed
            else:
                real = gen.multinomial(n_real, p0)
                if cfg.real_source == "fixed":
                    fixed = real
            batch = real + gen.multinomial(n_syn, p)
            if cfg.regime == "replace":
                train = batch
            elif cfg.regime == "accumulate":
                pool += batch
                train = pool
            else:
                pool += batch
                train = batch if t == 0 else gen.multivariate_hypergeometric(pool, m, method="marginals")
            p = train / train.sum()
        out[i] = np.count_nonzero(train)
    return out


def gaussian_loop(cfg: GaussianConfig) -> np.ndarray:
    """Fitted variance at the last generation, per replicate (as tests/statistical/reference.py)."""
    rng = np.random.default_rng(cfg.seed)
    out = np.empty(cfg.replicates)
    for i in range(cfg.replicates):
        mu, var, pool, fixed = cfg.mu0, cfg.sigma0**2, [], None
        for t in range(cfg.generations):
            if fixed is not None:
                real = fixed
            else:
                real = rng.normal(cfg.mu0, cfg.sigma0, cfg.n_real)
                if cfg.real_source == "fixed":
                    fixed = real
            pool.append(np.concatenate([real, rng.normal(mu, np.sqrt(var), cfg.n_syn)]))
            everything = np.concatenate(pool)
            train = everything if t == 0 else rng.choice(everything, cfg.sample_size, replace=False)
            mu, var = train.mean(), train.var(ddof=cfg.ddof)
        out[i] = var
    return out


def _timed(fn, quick: bool) -> float:
    """Best of several runs, engine and loop alike: the machine is shared. A run under 0.2 s
    gets 7 (a 30 ms run's noise is most of its time), under 2 s 2, else 1; quick: 1."""
    t = best_of(fn, repeats=1)
    if quick or t > 2.0:
        return t
    return min(t, best_of(fn, repeats=6 if t < 0.2 else 1))


def _row(label: str, t_engine: float, t_loop: float) -> bool:
    ratio = t_engine / t_loop
    ok = ratio <= TARGET
    print(f"{label:52s} {t_loop:8.3f} {t_engine:8.3f} {ratio:7.2f}  {verdict(ok)}")
    return ok


def _header(title: str) -> None:
    print(f"== {title} ==")
    print(f"{'configuration':52s} {'loop s':>8s} {'engine s':>8s} {'ratio':>7s}")


def categorical(quick: bool) -> list[bool]:
    _header(f"categorical engine vs plain multinomial loop (target ratio <= {TARGET})")
    m, g, r = 2000, (20 if quick else 40), 20
    oks = []
    for k in (1000, 10_000, 50_000):
        for frac in (0.0, 0.1):
            for regime in ("replace", "accumulate", "accumulate-subsample"):
                cfg = CategoricalConfig(
                    truth="zipf",
                    categories=k,
                    sample_size=m,
                    generations=g,
                    replicates=r,
                    regime=regime,
                    real_fraction=frac,
                    seed=1,
                )
                truth_probabilities(cfg)  # build the truth outside the timings
                t_loop = _timed(lambda cfg=cfg: categorical_loop(cfg), quick)
                t_eng = _timed(lambda cfg=cfg: simulate_categorical(cfg, budget=BATCH), quick)
                oks.append(_row(f"K={k:<6d} r={frac:<4g} {regime:21s} G={g} R={r}", t_eng, t_loop))
    return oks


def gaussian(quick: bool) -> list[bool]:
    _header(f"Gaussian accumulate-subsample, Monte Carlo engine vs plain loop (target ratio <= {TARGET})")
    oks = []
    grid = [(100, 100, 100), (100, 200, 500), (1000, 50, 100), (1000, 100, 100)]
    if quick:
        grid = [(100, 100, 100), (1000, 50, 100)]
    for m, g, r in grid:
        for frac in (0.0, 0.1):
            cfg = GaussianConfig(
                sample_size=m,
                generations=g,
                replicates=r,
                regime="accumulate-subsample",
                real_fraction=frac,
                seed=1,
            )
            t_loop = _timed(lambda cfg=cfg: gaussian_loop(cfg), quick)
            t_eng = _timed(lambda cfg=cfg: simulate(cfg, engine="monte-carlo", budget=BATCH), quick)
            oks.append(_row(f"M={m:<5d} G={g:<4d} R={r:<4d} r={frac:g}", t_eng, t_loop))
    return oks


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer generations and repeats")
    ap.add_argument("--only", choices=("categorical", "gaussian"))
    a = ap.parse_args([] if argv is None else argv)
    oks = []
    if a.only != "gaussian":
        oks += categorical(a.quick)
    if a.only != "categorical":
        oks += gaussian(a.quick)
    print(f"engines within {TARGET}x of their loops: {sum(oks)}/{len(oks)}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
