"""The digits family as the registry sees it."""

from __future__ import annotations

from collapse_core.digits import budget, presets, simulate
from collapse_core.digits.config import CLASS_PRIORS, DigitsConfig
from collapse_core.digits.data import MAX_COMPONENTS
from collapse_core.digits.harm import HARM
from collapse_core.digits.metrics import METRICS
from collapse_core.digits.theory import theory
from collapse_core.family import Family, Option

FAMILY = Family(
    name="digits",
    title="handwritten 8x8 digits (a Gaussian per class in PCA space)",
    config=DigitsConfig,
    run=simulate.run,
    engines=simulate.ENGINES,
    choose_engine=simulate.choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    metrics=dict(METRICS),
    options=(
        Option(
            "--components",
            "components",
            int,
            f"dimensions of the PCA space of the pixels, 1 to {MAX_COMPONENTS}",
            metavar="d",
        ),
        Option(
            "--class-prior",
            "class_prior",
            str,
            "refitted: class proportions re-estimated each generation "
            "(they drift); fixed: the real proportions always",
            choices=CLASS_PRIORS,
        ),
    ),
    presets=presets.PRESETS,
    describe=(
        "scikit-learn's 8x8 handwritten digits; per digit class a Gaussian in a PCA space of the pixels, "
        "refitted on images sampled from the previous generation."
    ),
    harm=HARM,
)
