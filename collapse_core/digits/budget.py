"""Work budget of a digits run: estimated before anything is drawn.

Cost unit: one image drawn from a generation's model and measured (rendered to 64 pixels,
classified, assigned a style, part of the pairwise distances) costs about 2-3 microseconds at
d = 20 on one core, the time of ~IMAGE_UNITS of the shared budget's work units (~50 ns).
"""

from __future__ import annotations

from collapse_core.budget import Budget, WorkBudgetError, check_result_cells, fmt
from collapse_core.digits.config import DigitsConfig
from collapse_core.digits.data import CLASSES, PIXELS
from collapse_core.digits.metrics import STORED
from collapse_core.streams import STREAM_BLOCK

IMAGE_UNITS = 50


def images(cfg: DigitsConfig) -> float:
    """Images drawn: M per generation (0 to G) and replicate."""
    return float(cfg.replicates) * (cfg.generations + 1) * cfg.sample_size


def check(cfg: DigitsConfig, engine: str = "monte-carlo", budget: Budget | None = None) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    from collapse_core.budget import INTERACTIVE

    budget = budget or INTERACTIVE
    check_result_cells(cfg, budget, arrays=len(STORED) + CLASSES)
    block = min(cfg.replicates, STREAM_BLOCK)
    # A generation's sample as points and as pixels, and its training set.
    held = block * cfg.sample_size * (2 * PIXELS + 3 * cfg.components)
    if held > budget.held_cells:
        raise WorkBudgetError(
            f"one generation of one block of replicates would hold {fmt(held)} cells (its images as "
            f"pixels and PCA coordinates), over the budget of {fmt(budget.held_cells)}; use a smaller "
            "sample size or fewer replicates"
        )
    units = images(cfg) * IMAGE_UNITS * max(1.0, cfg.components / 20)
    if units > budget.work_units:
        raise WorkBudgetError(
            f"this run would draw and measure replicates x (generations + 1) x sample_size = "
            f"{fmt(images(cfg))} images (about {fmt(units)} work units), over the budget of "
            f"{fmt(budget.work_units)}; use fewer replicates, generations or a smaller sample size"
        )
    if cfg.regime == "accumulate-subsample":
        pool = block * cfg.sample_size * cfg.generations * cfg.components
        if pool > budget.pool_cells:
            raise WorkBudgetError(
                f"accumulate-subsample keeps every image: {fmt(pool)} stored coordinates per block of "
                f"replicates exceeds the budget of {fmt(budget.pool_cells)}; use a smaller sample size, "
                "fewer generations or fewer replicates"
            )
