"""Work budget of a text run: its cost predicted before anything is drawn.

Cost model (bench/budget_calibration.py fits and checks it): each written token costs a
dozen vectorised numpy operations; under accumulate each generation re-merges the growing
n-gram table. Memory: the stored metric arrays, replicate x vocabulary tables, one
generation's tokens (and their n-gram keys) and, under accumulate, the table of every token
so far.
"""

from __future__ import annotations

from collapse_core.budget import (
    INTERACTIVE,
    Budget,
    CostModel,
    WorkBudgetError,
    check_cost,
    check_result_cells,
)
from collapse_core.text import corpus as corpus_mod
from collapse_core.text.config import TextConfig
from collapse_core.text.metrics import STORED
from collapse_core.text.model import key_fits

# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "monte-carlo": CostModel(
        cpu={"one": 0.0259, "tokens": 2.97e-07, "merged": 1.17e-08, "generations": 0.0},
        peak={"one": 2300000.0, "stored": 12.4, "vocabulary": 10.2, "generation": 4.37, "kept": 0.0584},
    ),
}


def features(cfg: TextConfig, engine: str = "monte-carlo") -> dict[str, float]:
    r, g, m = cfg.replicates, cfg.generations, cfg.sample_size
    v = corpus_mod.get(cfg.corpus).vocabulary
    accumulate = cfg.regime == "accumulate"
    return {
        "tokens": float(r) * g * m,
        "merged": float(r) * m * g * (g + 1) / 2 if accumulate else 0.0,
        "generations": float(g),
        "stored": 8.0 * r * (g + 1) * len(STORED),
        "vocabulary": 8.0 * r * v,
        "generation": 8.0 * r * m * (cfg.order + 1),
        "kept": 8.0 * r * m * g if accumulate else 0.0,
    }


def predict(cfg: TextConfig, engine: str = "monte-carlo"):
    return MODEL["monte-carlo"].predict(features(cfg, engine))


def check(cfg: TextConfig, budget: Budget = INTERACTIVE, engine: str = "monte-carlo") -> None:
    check_result_cells(cfg, budget, arrays=len(STORED))
    v = corpus_mod.get(cfg.corpus).vocabulary
    if not key_fits(cfg.replicates, v, cfg.order):
        raise WorkBudgetError(
            f"order {cfg.order} over a vocabulary of {v:,} token types with {cfg.replicates} replicates does not "
            "fit the 64-bit n-gram keys (replicates x V^order < 2^62); use a lower order or fewer replicates"
        )
    hint = "fewer replicates, generations or tokens per generation"
    check_cost(predict(cfg, engine), budget, cpu_hint=hint, memory_hint=hint)
