"""The KDE family's presets."""

from __future__ import annotations

import dataclasses

from collapse_core.kde.config import KDEConfig
from collapse_core.presets import GERSTGRASSER, SHUMAILOV, Preset

_K = KDEConfig(
    sample_size=100, generations=100, replicates=200, seed=2023, bandwidth_rule="fixed", bandwidth=0.3
)

PRESETS = (
    Preset(
        name="kde-spread-inflates",
        family="kde",
        title="A kernel density estimate spreads out instead of collapsing",
        explanation=(
            "A kernel density estimate is its training points, each blurred by a small bell curve of "
            "width h. Sampling from it picks a training point and adds that blur, so every generation "
            "adds h^2 of variance, while resampling only M points loses a fraction 1/M. With M = 100 "
            "and h = 0.3 the spread grows towards the level where the two balance, M h^2 = 9 times the "
            "truth's variance. The collapse argument assumes the fitted model adds no noise of its own; a KDE "
            "is the counter-example. Its density still loses the truth's shape: the tails get fat."
        ),
        citation=SHUMAILOV + " (Section 4 discusses approximation error; the KDE is this tool's "
        "counter-example)",
        config=_K,
        label="fixed h = 0.3",
        compare=dataclasses.replace(_K, bandwidth=0.05),
        compare_label="fixed h = 0.05 (below 1/sqrt(M): shrinks)",
    ),
    Preset(
        name="kde-silverman",
        family="kde",
        title="Silverman's rule: the spread grows geometrically",
        explanation=(
            "With Silverman's rule the bandwidth is recomputed from each training set, in proportion "
            "to its spread. Each generation then multiplies the expected variance by (M - 1)/M + "
            "1.06^2 M^(-2/5), about 1.17 for M = 100: the spread explodes. Accumulating all data "
            "so far holds the real first generation in the pool and slows it down."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_K, bandwidth_rule="silverman", generations=30),
        label="Silverman, replace",
        compare=dataclasses.replace(_K, bandwidth_rule="silverman", generations=30, regime="accumulate"),
        compare_label="Silverman, accumulate",
    ),
    Preset(
        name="kde-modes",
        family="kde",
        title="Two modes blur into one, unless the data is kept",
        explanation=(
            "The truth has two humps. A KDE with Silverman's bandwidth refitted on its own samples "
            "smooths more each generation: the spread grows, the valley between the humps fills in and "
            "within a few generations most chains have a single hump. Keeping all the data so far "
            "(accumulate) holds the first, real generation in every training set: the spread barely "
            "grows and nearly every chain keeps both humps."
        ),
        citation=f"{SHUMAILOV}; {GERSTGRASSER}",
        config=dataclasses.replace(
            _K, bandwidth_rule="silverman", truth_shape="mixture", separation=4.0, generations=20
        ),
        label="replace",
        compare=dataclasses.replace(
            _K,
            bandwidth_rule="silverman",
            truth_shape="mixture",
            separation=4.0,
            generations=20,
            regime="accumulate",
        ),
        compare_label="accumulate",
    ),
)
