"""Work budget of a mixture run: EM cost estimated before anything is drawn.

EM costs about (training points) x K x (iterations) per replicate and generation, plus a
fixed Python cost per generation, block of replicates and EM iteration. Training points are M
per generation, or M (t + 1) at generation t + 1 under accumulate. Iterations are estimated
per regime from mean counts measured here (warm start from the previous fit): replace ~4-5,
accumulate ~2-3 (big pools move little), accumulate-subsample ~12 (each subsample differs more
from the last fit's data); the estimate rounds these up and is capped at em_max_iter.
Memory: the stored parameter arrays and, per block, the largest training set with its EM
features and responsibilities, plus the pool of every point under the accumulating regimes.
bench/budget_calibration.py fits and checks the coefficients.
"""

from __future__ import annotations

import math

from collapse_core.budget import Budget, CostModel, check_cost, check_result_cells
from collapse_core.mixture.config import MixtureConfig
from collapse_core.streams import STREAM_BLOCK

ITERATION_ESTIMATE = {"replace": 6, "accumulate": 4, "accumulate-subsample": 12}
# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "em": CostModel(
        cpu={"one": 0.0, "em_1d": 4.14e-09, "em_2d": 6.07e-09, "iterations": 0.000321, "generations": 0.0},
        peak={"one": 76500.0, "stored": 1.11, "held": 1.48},
    ),
}


def iterations(cfg: MixtureConfig) -> int:
    return min(cfg.em_max_iter, ITERATION_ESTIMATE[cfg.regime])


def training_points(cfg: MixtureConfig) -> int:
    """Points fitted over the whole chain, per replicate."""
    m, g = cfg.sample_size, cfg.generations
    return m * g * (g + 1) // 2 if cfg.regime == "accumulate" else m * g


def em_units(cfg: MixtureConfig) -> float:
    """Point x component x iteration updates of the whole run (estimated iterations)."""
    return float(cfg.replicates) * training_points(cfg) * cfg.components * iterations(cfg)


def stored_arrays(cfg: MixtureConfig) -> int:
    """(R, G + 1) arrays stored: weights, means, covariances per component, EM counters."""
    d, k = cfg.dimension, cfg.components
    return k * (1 + d + d * d) + 2


def held_cells(cfg: MixtureConfig) -> int:
    """Cells one block holds while fitting its largest training set: points, features and
    responsibilities, plus the pool of every point under the accumulating regimes."""
    rows = min(cfg.replicates, STREAM_BLOCK)
    m, g, d, k = cfg.sample_size, cfg.generations, cfg.dimension, cfg.components
    largest = m * g if cfg.regime == "accumulate" else m
    pool = m * g * d if cfg.regime != "replace" else 0
    features = 3 if d == 1 else 6
    return rows * (largest * (d + features + k) + pool)


def features(cfg: MixtureConfig, engine: str = "em") -> dict[str, float]:
    blocks = math.ceil(cfg.replicates / STREAM_BLOCK)
    units = em_units(cfg)
    return {
        "em_1d": units if cfg.dimension == 1 else 0.0,
        "em_2d": units if cfg.dimension == 2 else 0.0,
        "iterations": float(cfg.generations) * blocks * iterations(cfg),
        "generations": float(cfg.generations) * blocks,
        "stored": 8.0 * cfg.replicates * (cfg.generations + 1) * stored_arrays(cfg),
        "held": 8.0 * held_cells(cfg),
    }


def predict(cfg: MixtureConfig, engine: str = "em"):
    return MODEL["em"].predict(features(cfg, engine))


def check(cfg: MixtureConfig, engine: str = "em", budget: Budget | None = None) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    from collapse_core.budget import INTERACTIVE

    budget = budget or INTERACTIVE
    check_result_cells(cfg, budget, arrays=stored_arrays(cfg))
    acc = (
        " (accumulate fits every point so far, so its cost grows with generations squared)"
        if cfg.regime == "accumulate"
        else ""
    )
    check_cost(
        predict(cfg, engine),
        budget,
        why=f" (EM: replicates x training points x components x ~{iterations(cfg)} iterations{acc})",
        cpu_hint="fewer replicates, generations or components, or a smaller sample size",
        memory_hint="a smaller sample size, fewer generations or regime 'replace'"
        if cfg.regime != "replace"
        else "a smaller sample size or fewer replicates",
    )
