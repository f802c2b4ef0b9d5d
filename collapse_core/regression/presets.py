"""The regression family's presets from the papers."""

from __future__ import annotations

import dataclasses

from collapse_core.presets import Preset
from collapse_core.regression.config import RegressionConfig

DOHMATOB = (
    "Dohmatob, Feng & Kempe (2024). Model Collapse Demystified: The Case of Regression. arXiv:2402.07712"
)
GERSTGRASSER_REGRESSION = (
    "Gerstgrasser et al. (2024). Is Model Collapse Inevitable? Breaking the Curse of Recursion by "
    "Accumulating Real and Synthetic Data. arXiv:2404.01413 (Section 3, linear regression)"
)

_R = RegressionConfig(dimension=10, sample_size=100, noise=1.0, generations=50, replicates=500, seed=2024)

PRESETS = (
    Preset(
        name="regression-replace",
        family="regression",
        title="Regression on its own labels: the test error grows linearly",
        explanation=(
            "Each generation fits a straight-line model (10 inputs) to 100 fresh inputs labelled by the "
            "previous model plus fresh noise. Every fit adds its own estimation error to the last one's, "
            "and nothing pulls it back: the expected test error grows by sigma^2 d/(T - d - 1) = 0.11 "
            "sigma^2 every generation, without end."
        ),
        citation=DOHMATOB,
        config=_R,
        label="replace",
    ),
    Preset(
        name="regression-accumulate",
        family="regression",
        title="Accumulate the data and the error stays bounded",
        explanation=(
            "Keep every earlier generation's rows and fit on all of them. The k-th generation's new "
            "error is divided by k, so the errors add up like 1/k^2: the test error levels off below "
            "pi^2/6 times one fit's error, while replacing the data lets it grow linearly."
        ),
        citation=GERSTGRASSER_REGRESSION,
        config=dataclasses.replace(_R, regime="accumulate"),
        label="accumulate",
        compare=_R,
        compare_label="replace",
    ),
    Preset(
        name="regression-real-data",
        family="regression",
        title="A share of real labels each generation",
        explanation=(
            "With 20% of each generation's rows labelled by the true model (fresh rows each time), the "
            "error stops growing: each fit is pulled back towards the truth, and the test error settles."
        ),
        citation=DOHMATOB,
        config=dataclasses.replace(_R, real_fraction=0.2),
        label="20% fresh real labels",
        compare=_R,
        compare_label="no real labels",
    ),
)
