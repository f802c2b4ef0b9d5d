"""The multivariate family's presets from the papers."""

from __future__ import annotations

import dataclasses

from collapse_core.multivariate.config import MultivariateConfig
from collapse_core.presets import GERSTGRASSER, KAZDAN, SHUMAILOV, Preset

_ELLIPSE = MultivariateConfig(
    dimension=2,
    sample_size=20,
    generations=100,
    replicates=200,
    condition_number=4.0,
    rotation=30.0,
    seed=2023,
)
_SPECTRUM = MultivariateConfig(dimension=20, sample_size=100, generations=100, replicates=200, seed=2023)

PRESETS = (
    Preset(
        name="mvn-ellipse",
        family="multivariate",
        title="A 2-D Gaussian: the ellipse shrinks and turns",
        explanation=(
            "Each generation fits a mean and a 2 x 2 covariance to 20 points drawn from the previous "
            "generation's fit. The ellipse of the fitted model wanders away from the truth's: it shrinks, "
            "its axes turn at random, and it grows thinner, since one direction loses its spread faster "
            "than the other."
        ),
        citation=SHUMAILOV,
        config=_ELLIPSE,
        label="MLE, replace",
    ),
    Preset(
        name="mvn-spectrum",
        family="multivariate",
        title="20 dimensions: the spectrum collapses, weakest direction first",
        explanation=(
            "In 20 dimensions with 100 points a generation, the directions do not shrink alike. After 100 "
            "generations the typical chain keeps about a fifth of the total variance, yet its weakest "
            "direction has lost all but a trillionth of its variance while its strongest has grown: the "
            "model flattens towards a few directions long before its total variance is gone."
        ),
        citation=SHUMAILOV,
        config=_SPECTRUM,
        label="MLE, replace",
    ),
    Preset(
        name="mvn-accumulate",
        family="multivariate",
        title="20 dimensions: accumulating the data keeps the spectrum",
        explanation=(
            "Keep every generation's data instead of replacing it: the pool always holds the original "
            "real points, so the fitted covariance stays close to the truth's in every direction, "
            "while replacing the data collapses it."
        ),
        citation=f"{GERSTGRASSER}; {KAZDAN}",
        config=dataclasses.replace(_SPECTRUM, regime="accumulate"),
        label="accumulate",
        compare=_SPECTRUM,
        compare_label="replace",
    ),
)
