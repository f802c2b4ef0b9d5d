"""Work budget of a Gaussian run: its cost predicted before anything is drawn.

Cost model (bench/budget_calibration.py fits and checks it): the exact engine draws two
numbers per replicate and generation, in chunks of 2^20 cells; the Monte Carlo engine draws
M points per replicate and generation, and under accumulate-subsample keeps every point of a
block of replicates and gathers each subsample from that pool (~7x the cost of a plain draw).
"""

from __future__ import annotations

from collapse_core.budget import Budget, CostModel, check_cost, check_result_cells
from collapse_core.streams import STREAM_BLOCK

# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "exact": CostModel(
        cpu={"one": 0.000517, "steps": 8.03e-08},
        peak={"one": 19500.0, "stored": 0.889, "stored_replace": 0.619, "chunk": 5.34},
    ),
    "monte-carlo": CostModel(
        # "verified": the verifier's inverse-CDF draw per synthetic point beyond a plain one
        # (measured beside it with time.process_time, 2026-12-08).
        cpu={"one": 0.0, "steps": 0.0, "draws": 1.29e-08, "gathered": 6.57e-08, "verified": 1.8e-08},
        peak={"one": 167000.0, "stored": 0.0, "chunk": 2.04, "pool": 1.37},
    ),
}


def features(cfg, engine: str) -> dict[str, float]:
    m, g, r = cfg.sample_size, cfg.generations, cfg.replicates
    subsample = cfg.regime == "accumulate-subsample"
    stored = 16.0 * r * (g + 1)  # two float64 (R, G + 1) arrays
    return {
        "steps": float(r) * g,
        "draws": float(r) * g * m,
        "gathered": float(r) * g * m if subsample else 0.0,
        "verified": float(r) * g * cfg.n_syn if cfg.verifier_width else 0.0,
        "stored": stored,
        "stored_replace": stored if cfg.regime == "replace" else 0.0,
        "chunk": 8.0 * min(r * g, 1 << 20),
        "pool": 8.0 * min(r, STREAM_BLOCK) * m * g if subsample else 0.0,
    }


def predict(cfg, engine: str):
    return MODEL[engine].predict(features(cfg, engine))


def check(cfg, engine: str, budget: Budget) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget)
    if engine == "exact":
        hint = "fewer replicates or generations"
    elif cfg.verifier_width:
        hint = "fewer replicates, a smaller sample size or fewer generations (a verifier draws every point)"
    elif cfg.regime == "accumulate-subsample":
        hint = (
            "fewer replicates, a smaller sample size or fewer generations (accumulate-subsample "
            "keeps every point of a block of replicates)"
        )
    else:
        hint = (
            "the exact engine (it covers this regime and its cost does not grow with the sample "
            "size), or fewer replicates, a smaller sample size or fewer generations"
        )
    check_cost(predict(cfg, engine), budget, cpu_hint=hint, memory_hint=hint)
