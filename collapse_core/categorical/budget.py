"""Work budget of a categorical run: estimated before anything is drawn."""

from __future__ import annotations

from collapse_core.budget import INTERACTIVE, Budget, WorkBudgetError, check_result_cells
from collapse_core.budget import fmt as _fmt
from collapse_core.categorical.config import CategoricalConfig
from collapse_core.categorical.metrics import STORED
from collapse_core.streams import STREAM_BLOCK

# A numpy call per row per generation (multivariate hypergeometric) costs about as much as
# this many category updates.
_ROW_CALL_STEPS = 200
# Python work per block and generation (a few dozen numpy calls), in category updates.
_GENERATION_STEPS = 2000
# Cost of an estimated update when dead categories are dropped, relative to a carried one.
SPARSE_COST = 0.1
# Top-k / top-p rank every carried column each generation (a sort per row): measured here
# (K = 100 000, M = 20 000) it about doubles a run's time; temperature alone costs nothing extra.
TRUNCATION_COST = 2.0


def width_bound(cfg: CategoricalConfig) -> int:
    """Columns a block carries after generation 1.

    When lost categories cannot return (cfg.sparse), every category alive after generation
    1 occurs in generation 1's M tokens, so at most min(K, M) (plus the 1/3 slack compaction
    allows) are carried; otherwise all K.
    """
    k = cfg.categories
    return min(k, (4 * cfg.sample_size) // 3 + 1) if cfg.sparse else k


def estimated_steps(cfg: CategoricalConfig) -> float:
    r, g, k = cfg.replicates, cfg.generations, cfg.categories
    blocks = -(-r // STREAM_BLOCK)
    steps = r * (k + (g - 1) * width_bound(cfg)) + blocks * g * _GENERATION_STEPS
    if cfg.regime == "accumulate-subsample":
        steps += r * g * _ROW_CALL_STEPS
    return float(steps)


def state_arrays(cfg: CategoricalConfig) -> int:
    """int64 count arrays a block keeps: training counts, pool, fixed real counts."""
    return 1 + (cfg.regime == "accumulate-subsample") + (cfg.n_real > 0 and cfg.real_source == "fixed")


def check(cfg: CategoricalConfig, budget: Budget = INTERACTIVE, engine: str = "exact") -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    r, k = cfg.replicates, cfg.categories
    check_result_cells(cfg, budget, arrays=len(STORED))
    held = r * k + min(r, STREAM_BLOCK) * k * state_arrays(cfg)
    if held > budget.held_cells:
        raise WorkBudgetError(
            f"this run would hold {_fmt(held)} replicate x category cells (extinction tables "
            f"and one block's counts), over the budget of {_fmt(budget.held_cells)}; use "
            "fewer replicates or categories"
        )
    # Measured here: ~50 ns per carried update with fresh real data or smoothing, ~3.5 ns per
    # estimated update when lost categories are dropped (the estimate is an upper bound then).
    steps = estimated_steps(cfg) * (SPARSE_COST if cfg.sparse else 1.0)
    if cfg.top_k > 0 or cfg.top_p < 1.0:
        steps *= TRUNCATION_COST
    if steps > budget.work_units:
        hint = (
            "fewer replicates, generations or categories"
            if cfg.sparse
            else "fewer replicates, generations or categories (with fresh real data or "
            "smoothing no category is ever dropped, so every generation costs all K)"
        )
        raise WorkBudgetError(
            f"this run would cost about {_fmt(steps)} category updates (replicates x "
            f"generations x categories carried), over the budget of "
            f"{_fmt(budget.work_units)}; use {hint}"
        )
