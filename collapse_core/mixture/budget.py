"""Work budget of a mixture run: EM cost estimated before anything is drawn.

EM costs about (training points) x K x (iterations) per replicate and generation, plus a
fixed Python cost per generation, block of replicates and EM iteration. Training points are M
per generation, or M (t + 1) at generation t + 1 under accumulate. Iterations are estimated
per regime from mean counts measured here (warm start from the previous fit): replace ~4-5,
accumulate ~2-3 (big pools move little), accumulate-subsample ~12 (each subsample differs more
from the last fit's data); the estimate rounds these up and is capped at em_max_iter.
"""

from __future__ import annotations

import math

from collapse_core.budget import Budget, WorkBudgetError, check_result_cells, fmt
from collapse_core.mixture.config import MixtureConfig
from collapse_core.streams import STREAM_BLOCK

ITERATION_ESTIMATE = {"replace": 6, "accumulate": 4, "accumulate-subsample": 12}
# Measured here (2 shared cores): ~30-40 ns per point x component x iteration in 1-D, ~40-60 ns
# in 2-D; ~0.4 ms of numpy call overhead per EM iteration and ~1 ms per generation (sampling,
# storing) for each block of replicates.
NS_PER_UNIT = {1: 40.0, 2: 60.0}
ITERATION_OVERHEAD_S = 0.4e-3
GENERATION_OVERHEAD_S = 1e-3
# The shared Budget counts work units of ~50 ns (its interactive 6e7 units ~ 3 s).
BUDGET_UNIT_S = 50e-9


def iterations(cfg: MixtureConfig) -> int:
    return min(cfg.em_max_iter, ITERATION_ESTIMATE[cfg.regime])


def training_points(cfg: MixtureConfig) -> int:
    """Points fitted over the whole chain, per replicate."""
    m, g = cfg.sample_size, cfg.generations
    return m * g * (g + 1) // 2 if cfg.regime == "accumulate" else m * g


def em_units(cfg: MixtureConfig) -> float:
    """Point x component x iteration updates of the whole run (estimated iterations)."""
    return float(cfg.replicates) * training_points(cfg) * cfg.components * iterations(cfg)


def estimated_seconds(cfg: MixtureConfig) -> float:
    blocks = math.ceil(cfg.replicates / STREAM_BLOCK)
    overhead = cfg.generations * blocks * (GENERATION_OVERHEAD_S + iterations(cfg) * ITERATION_OVERHEAD_S)
    return em_units(cfg) * NS_PER_UNIT[cfg.dimension] * 1e-9 + overhead


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


def check(cfg: MixtureConfig, engine: str = "em", budget: Budget | None = None) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    from collapse_core.budget import INTERACTIVE

    budget = budget or INTERACTIVE
    check_result_cells(cfg, budget, arrays=stored_arrays(cfg))
    held = held_cells(cfg)
    if held > budget.held_cells:
        raise WorkBudgetError(
            f"this run would hold {fmt(held)} cells at once (one block's training points, EM "
            f"features and responsibilities{', and the pool of every point' if cfg.regime != 'replace' else ''}), "
            f"over the budget of {fmt(budget.held_cells)}; use a smaller sample size, fewer generations "
            "or regime 'replace'"
        )
    seconds = estimated_seconds(cfg)
    limit = budget.work_units * BUDGET_UNIT_S
    if seconds > limit:
        acc = " (accumulate fits every point so far, so its cost grows with generations squared)" \
            if cfg.regime == "accumulate" else ""
        raise WorkBudgetError(
            f"EM would cost about {fmt(em_units(cfg))} point x component x iteration updates "
            f"(replicates x training points x components x ~{iterations(cfg)} iterations), about "
            f"{seconds:.1f} s{acc}, over the budget of {limit:.0f} s; use fewer replicates, "
            "generations or components, or a smaller sample size"
        )
