"""Work budget of a digits run: its cost predicted before anything is drawn.

Cost model (bench/budget_calibration.py fits and checks it): one image drawn from a
generation's model and measured (rendered to 64 pixels, classified, assigned a style, part of
the pairwise distances) costs a few microseconds at d = 20 on one core, more at higher d;
each generation and replicate has a fixed cost (a PCA-space fit). Memory: the stored metric
arrays, one block's generation as pixels and coordinates, its per-class models in PCA space
(d x d each), and under accumulate-subsample the
pool of every image.
"""

from __future__ import annotations

from collapse_core.budget import Budget, CostModel, check_cost, check_result_cells
from collapse_core.digits.config import DigitsConfig
from collapse_core.digits.data import CLASSES, PIXELS
from collapse_core.digits.metrics import STORED
from collapse_core.streams import STREAM_BLOCK

# Fitted by bench/budget_calibration.py on this machine (2 shared cores, one thread,
# numpy 2.4), 2026-11-28: CPU from time.process_time, peak from tracemalloc.
MODEL = {
    "monte-carlo": CostModel(
        cpu={"one": 0.0125, "images": 1.46e-06, "fits": 8e-05},
        peak={"one": 0.0, "stored": 0.0, "generation": 0.665, "pool": 1.05, "class_models": 6.04},
    ),
}


def images(cfg: DigitsConfig) -> float:
    """Images drawn: M per generation (0 to G) and replicate."""
    return float(cfg.replicates) * (cfg.generations + 1) * cfg.sample_size


def features(cfg: DigitsConfig, engine: str = "monte-carlo") -> dict[str, float]:
    block = min(cfg.replicates, STREAM_BLOCK)
    m, g, d = cfg.sample_size, cfg.generations, cfg.components
    return {
        "images": images(cfg) * max(1.0, d / 20),
        "fits": float(cfg.replicates) * (g + 1) * d * d / 400,
        "stored": 8.0 * cfg.replicates * (g + 1) * (len(STORED) + CLASSES),
        "generation": 8.0 * block * m * (2 * PIXELS + 3 * d),
        "pool": 8.0 * block * m * g * d if cfg.regime == "accumulate-subsample" else 0.0,
        "class_models": 8.0 * block * CLASSES * d * d,
    }


def predict(cfg: DigitsConfig, engine: str = "monte-carlo"):
    return MODEL["monte-carlo"].predict(features(cfg, engine))


def check(cfg: DigitsConfig, engine: str = "monte-carlo", budget: Budget | None = None) -> None:
    """Raise WorkBudgetError naming the quantity over budget and what to change."""
    from collapse_core.budget import INTERACTIVE

    budget = budget or INTERACTIVE
    check_result_cells(cfg, budget, arrays=len(STORED) + CLASSES)
    hint = "fewer replicates, generations or a smaller sample size"
    memory_hint = (
        "a smaller sample size, fewer generations or fewer replicates (accumulate-subsample keeps "
        "every image)"
        if cfg.regime == "accumulate-subsample"
        else "a smaller sample size or fewer replicates"
    )
    check_cost(
        predict(cfg, engine),
        budget,
        why=f" (replicates x (generations + 1) x sample_size = {images(cfg):,.0f} images drawn and measured)",
        cpu_hint=hint,
        memory_hint=memory_hint,
    )
