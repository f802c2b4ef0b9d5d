"""Command-line options and runner of the categorical family (registered in collapse_core.cli)."""

from __future__ import annotations

import argparse

from collapse_core import budget as budget_mod
from collapse_core.categorical.config import TRUTHS, CategoricalConfig
from collapse_core.categorical.metrics import METRICS
from collapse_core.categorical.simulate import simulate_categorical
from collapse_core.categorical.theory import theory

# Gaussian options the categorical family has no use for: (attribute, flag, default).
_GAUSSIAN_ONLY = (("estimator", "--estimator", "mle"), ("mu0", "--mu0", 0.0), ("sigma0", "--sigma0", 1.0))

EPILOG = "Categorical metrics: " + "; ".join(f"{k}: {v}" for k, v in METRICS.items())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("categorical family")
    group.add_argument("--truth", choices=TRUTHS, default="zipf", help="zipf: p_k ~ k^-s; uniform: 1/K; english: the K most frequent English words, wordfreq frequencies (default: zipf)")
    group.add_argument("--categories", type=int, default=1000, metavar="K", help="categories (words), 2 to 1000000, english to 50000 (default: 1000)")
    group.add_argument("--zipf-exponent", type=float, default=1.0, metavar="s", help="Zipf exponent, 0 to 10, truth zipf only (default: 1)")
    group.add_argument("--smoothing", type=float, default=0.0, metavar="alpha", help="add-alpha smoothing of the fitted frequencies; 0 = maximum likelihood (default: 0)")


def run(args) -> tuple:
    for attr, flag, default in _GAUSSIAN_ONLY:
        if getattr(args, attr) != default:
            raise ValueError(f"{flag} applies to --family gaussian only")
    cfg = CategoricalConfig.from_namespace(args)
    res = simulate_categorical(cfg, engine_name=args.engine, budget=budget_mod.BATCH)
    return res, theory(res.config)
