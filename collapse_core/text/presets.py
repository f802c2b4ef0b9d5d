"""The text family's presets."""

from __future__ import annotations

import dataclasses

from collapse_core.presets import HOLTZMAN, SHUMAILOV, Preset
from collapse_core.text.config import TextConfig

DOHMATOB = (
    "Dohmatob, Feng, Yang, Charton & Kempe (2024). A Tale of Tails: Model Collapse as a Change of Scaling "
    "Laws. ICML (truncated sampling cuts the tail)"
)

_T = TextConfig(sample_size=10_000, generations=50, replicates=5, order=2, seed=2024)
PRESETS = (
    Preset(
        name="low-temperature",
        family="text",
        title="Low temperature speeds up collapse",
        explanation=(
            "A bigram model of the Python documentation writes the next generation's training text. At "
            "temperature 1 it samples its own distribution and rare words die out slowly, by chance. At "
            "temperature 0.7 every next-word distribution is sharpened towards its most likely words: the "
            "common words take a larger share each generation, rare words vanish much faster, and the text "
            "repeats itself."
        ),
        citation=f"{SHUMAILOV}; {DOHMATOB}",
        config=dataclasses.replace(_T, temperature=0.7),
        label="temperature 0.7",
        compare=_T,
        compare_label="temperature 1",
    ),
    Preset(
        name="nucleus-sampling",
        family="text",
        title="Top-p sampling cuts the tail every generation",
        explanation=(
            "Nucleus (top-p) sampling keeps only the most likely next words that together hold 90% of the "
            "probability. Whatever is cut is never written, so the next model never sees it: the tail is "
            "cut again and again, and the vocabulary shrinks generation after generation."
        ),
        citation=f"{HOLTZMAN}; {DOHMATOB}",
        config=dataclasses.replace(_T, top_p=0.9),
        label="top-p 0.9",
        compare=_T,
        compare_label="no truncation",
    ),
    Preset(
        name="real-text-anchor",
        family="text",
        title="Fresh real text keeps the words alive",
        explanation=(
            "The same bigram chain, but a tenth of every generation's training text is fresh real text. "
            "Words lost from the synthetic text come back with the real passages, so the vocabulary "
            "settles instead of shrinking for good."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_T, real_fraction=0.1),
        label="10% fresh real text",
        compare=_T,
        compare_label="no real text",
    ),
)
