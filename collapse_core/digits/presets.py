"""The digits family's presets: one per regime, from the papers."""

from __future__ import annotations

import dataclasses

from collapse_core.digits.config import DigitsConfig
from collapse_core.presets import ALEMOHAMMAD, GERSTGRASSER, SHUMAILOV, Preset

_D = DigitsConfig(sample_size=500, generations=50, replicates=20, seed=14)

PRESETS = (
    Preset(
        name="digits-blur",
        family="digits",
        title="Digits blur into a few average shapes",
        explanation=(
            "Each digit class is a Gaussian in a 20-dimensional PCA space of the 8x8 pixels, refitted on "
            "500 images drawn from the previous generation. Every refit loses a little of the spread and "
            "moves the class a little at random: after 50 generations the strokes are smoother, fewer "
            "handwriting styles are left, and the class proportions have drifted. Keeping half of each "
            "training set fresh real images holds the digits where they were."
        ),
        citation=SHUMAILOV,
        config=_D,
        label="only its own samples",
        compare=dataclasses.replace(_D, real_fraction=0.5),
        compare_label="half fresh real images",
    ),
    Preset(
        name="digits-fresh-real",
        family="digits",
        title="Fresh real images keep the variety",
        explanation=(
            "A fifth of every training set is new real images (drawn from a held-out half of the data the "
            "model never saw before). The variety, the styles and the Fréchet distance settle at a level "
            "instead of running away. Reusing the same real images every generation (fixed) helps less."
        ),
        citation=ALEMOHAMMAD,
        config=dataclasses.replace(_D, real_fraction=0.2, real_source="fresh"),
        label="20% fresh real images",
        compare=dataclasses.replace(_D, real_fraction=0.2, real_source="fixed"),
        compare_label="20% fixed real images",
    ),
    Preset(
        name="digits-accumulate",
        family="digits",
        title="Keeping all the data stops the blur",
        explanation=(
            "Instead of replacing its training set, each generation adds its 500 new images to everything "
            "generated before (the first 500 were real). The fitted classes stop wandering: errors shrink "
            "as the pool grows, and the digits stay sharp."
        ),
        citation=GERSTGRASSER,
        config=dataclasses.replace(_D, regime="accumulate"),
        label="accumulate",
        compare=_D,
        compare_label="replace",
    ),
    Preset(
        name="digits-class-drift",
        family="digits",
        title="Whole digits can disappear",
        explanation=(
            "With a small training set (100 images) and the class proportions refitted each generation, "
            "the share of each digit drifts like a gene in a small population (Wright-Fisher): some digits "
            "die out and never come back. Fixing the class proportions at the real ones keeps all ten."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_D, sample_size=100, generations=100, class_prior="refitted"),
        label="refitted class prior",
        compare=dataclasses.replace(_D, sample_size=100, generations=100, class_prior="fixed"),
        compare_label="fixed class prior",
    ),
)
