"""Work budget of a text run: estimated before anything is drawn."""

from __future__ import annotations

from collapse_core.budget import INTERACTIVE, Budget, WorkBudgetError, check_result_cells
from collapse_core.budget import fmt as _fmt
from collapse_core.text import corpus as corpus_mod
from collapse_core.text.config import TextConfig
from collapse_core.text.metrics import STORED
from collapse_core.text.model import key_fits

# A written token costs about as much as this many draws of the Monte Carlo budget (a dozen
# numpy operations per token, vectorised); an accumulated token is re-merged each generation.
TOKEN_COST = 20


def estimated_draws(cfg: TextConfig) -> float:
    r, g, m = cfg.replicates, cfg.generations, cfg.sample_size
    draws = float(r) * g * m * TOKEN_COST
    if cfg.regime == "accumulate":
        draws += float(r) * m * g * (g + 1) / 2  # merging the growing table
    return draws


def check(cfg: TextConfig, budget: Budget = INTERACTIVE, engine: str = "monte-carlo") -> None:
    check_result_cells(cfg, budget, arrays=len(STORED))
    v = corpus_mod.get(cfg.corpus).vocabulary
    if not key_fits(cfg.replicates, v, cfg.order):
        raise WorkBudgetError(
            f"order {cfg.order} over a vocabulary of {v:,} token types with {cfg.replicates} replicates does not "
            "fit the 64-bit n-gram keys (replicates x V^order < 2^62); use a lower order or fewer replicates"
        )
    held = cfg.replicates * v
    if held > budget.held_cells:
        raise WorkBudgetError(f"replicates x vocabulary = {_fmt(held)} cells, over the budget of "
                              f"{_fmt(budget.held_cells)}; use fewer replicates")
    draws = estimated_draws(cfg)
    if draws > budget.monte_carlo_draws:
        raise WorkBudgetError(
            f"this run would write about {_fmt(cfg.replicates * cfg.generations * cfg.sample_size)} tokens "
            f"(replicates x generations x sample size; cost {_fmt(draws)} against the budget of "
            f"{_fmt(budget.monte_carlo_draws)}); use fewer replicates, generations or tokens per generation"
        )
