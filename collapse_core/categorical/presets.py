"""The categorical family's presets from the papers."""

from __future__ import annotations

import dataclasses

from collapse_core.categorical.config import CategoricalConfig
from collapse_core.presets import HOLTZMAN, KIMURA, SHUMAILOV, Preset

_V = CategoricalConfig(
    truth="zipf",
    categories=1000,
    zipf_exponent=1.0,
    sample_size=1000,
    generations=200,
    replicates=100,
    seed=2023,
)
PRESETS = (
    Preset(
        name="rare-words",
        family="categorical",
        title="Rare words die first",
        explanation=(
            "A vocabulary of 1,000 words with Zipf frequencies (a few common words, many rare ones) is "
            "re-estimated from 1,000 words of its own output, generation after generation. A rare word "
            "that happens not to be drawn once gets probability zero and can never come back: within a "
            "few generations most of the vocabulary is gone, and the common words share what is left. "
            "A little fresh real text each generation brings lost words back."
        ),
        citation=f"{SHUMAILOV}; {KIMURA}",
        config=_V,
        label="no real text",
        compare=dataclasses.replace(_V, real_fraction=0.1),
        compare_label="10% fresh real text",
    ),
    Preset(
        name="vocab-low-temperature",
        family="categorical",
        title="Low temperature speeds up collapse",
        explanation=(
            "The same Zipf vocabulary of 1,000 words, re-estimated from 1,000 tokens of its own output, "
            "but each generation writes its tokens at temperature 0.95 instead of 1: every probability is "
            "raised to the power 1/0.95 and renormalised, so common words gain a little at the expense of "
            "rare ones. The sharpening compounds from generation to generation: by generation 50 no chain "
            "has more than a handful of words left and by generation 100 every chain is down to a single "
            "word, while sampling the model as it is still keeps a dozen or more."
        ),
        citation=f"{SHUMAILOV}; {HOLTZMAN}",
        config=dataclasses.replace(_V, generations=100, temperature=0.95),
        label="temperature 0.95",
        compare=dataclasses.replace(_V, generations=100),
        compare_label="temperature 1",
    ),
)
