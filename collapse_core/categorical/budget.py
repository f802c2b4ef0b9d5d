"""Work budget of a categorical run: its cost predicted before anything is drawn.

Cost model (bench/budget_calibration.py fits and checks it): a block of replicates updates
every category it carries each generation; when lost categories cannot return (cfg.sparse)
at most min(K, 4M/3 + 1) are carried after generation 1, each update much cheaper; fresh real
data or smoothing carries all K. accumulate-subsample draws a multivariate hypergeometric per
row and generation; some of the work is per token (M per replicate and generation). Memory:
the stored metric arrays, the replicate x category extinction tables, one block's count arrays
and one block's generation of tokens.
"""

from __future__ import annotations

from collapse_core.budget import INTERACTIVE, Budget, Cost, CostModel, check_cost, check_result_cells
from collapse_core.categorical.config import CategoricalConfig
from collapse_core.categorical.metrics import STORED
from collapse_core.streams import STREAM_BLOCK

# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "exact": CostModel(
        cpu={
            "one": 0.00138,
            "block_generations": 0.000124,
            "first": 6.63e-08,
            "carried": 1.31e-08,
            "sparse": 0.0,
            "pooled": 4.35e-08,
            "rows": 1.55e-05,
            "tokens": 8.1e-09,
        },
        peak={"one": 34200.0, "stored": 1.3, "tables": 2.31, "block": 1.67, "block_tokens": 3.11},
    ),
}
# Top-k / top-p rank every carried column each generation (a sort per row): measured before the
# calibration (K = 100 000, M = 20 000) it about doubles a run's CPU; temperature alone costs
# nothing extra. Not in the fitted grid, so applied as a factor on the fitted prediction.
TRUNCATION_COST = 2.0


def width_bound(cfg: CategoricalConfig) -> int:
    """Columns a block carries after generation 1.

    When lost categories cannot return (cfg.sparse), every category alive after generation
    1 occurs in generation 1's M tokens, so at most min(K, M) (plus the 1/3 slack compaction
    allows) are carried; otherwise all K.
    """
    k = cfg.categories
    return min(k, (4 * cfg.sample_size) // 3 + 1) if cfg.sparse else k


def state_arrays(cfg: CategoricalConfig) -> int:
    """int64 count arrays a block keeps: training counts, pool, fixed real counts."""
    return 1 + (cfg.regime == "accumulate-subsample") + (cfg.n_real > 0 and cfg.real_source == "fixed")


def features(cfg: CategoricalConfig, engine: str = "exact") -> dict[str, float]:
    r, g, k = cfg.replicates, cfg.generations, cfg.categories
    blocks = -(-r // STREAM_BLOCK)
    later = float(r) * (g - 1) * width_bound(cfg)
    pooled = cfg.regime != "replace"
    return {
        "block_generations": float(blocks) * g,
        "first": float(r) * k,
        "carried": later if not cfg.sparse and not pooled else 0.0,
        "sparse": later if cfg.sparse and not pooled else 0.0,
        "pooled": later if pooled else 0.0,
        "rows": float(r) * g if cfg.regime == "accumulate-subsample" else 0.0,
        "tokens": float(r) * g * cfg.sample_size,
        "stored": 8.0 * r * (g + 1) * len(STORED),
        "tables": 8.0 * r * k,
        "block": 8.0 * min(r, STREAM_BLOCK) * k * state_arrays(cfg),
        "block_tokens": 8.0 * min(r, STREAM_BLOCK) * cfg.sample_size,
    }


def predict(cfg: CategoricalConfig, engine: str = "exact") -> Cost:
    cost = MODEL["exact"].predict(features(cfg, engine))
    if cfg.top_k > 0 or cfg.top_p < 1.0:
        cost = Cost(cpu_seconds=cost.cpu_seconds * TRUNCATION_COST, peak_bytes=cost.peak_bytes)
    return cost


def check(cfg: CategoricalConfig, budget: Budget = INTERACTIVE, engine: str = "exact") -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    check_result_cells(cfg, budget, arrays=len(STORED))
    cpu_hint = (
        "fewer replicates, generations or categories"
        if cfg.sparse
        else "fewer replicates, generations or categories (with fresh real data or smoothing no "
        "category is ever dropped, so every generation costs all K)"
    )
    check_cost(
        predict(cfg, engine),
        budget,
        cpu_hint=cpu_hint,
        memory_hint="fewer replicates or categories (each replicate keeps a table over every category)",
    )
