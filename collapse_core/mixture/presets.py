"""The mixture family's presets from the papers (scaled so they run interactively)."""

from __future__ import annotations

import dataclasses

from collapse_core.mixture.config import MixtureConfig
from collapse_core.presets import ALEMOHAMMAD, GERSTGRASSER, SHUMAILOV, Preset

_PAPER = MixtureConfig(
    dimension=2, components=2, separation=4.0, sample_size=100, generations=400, replicates=50, seed=2023
)
_MINORITY = MixtureConfig(
    dimension=1,
    components=3,
    separation=6.0,
    minority_weight=0.1,
    sample_size=100,
    generations=60,
    replicates=50,
    seed=2023,
)
_ACC = MixtureConfig(
    dimension=1, components=3, separation=4.0, sample_size=100, generations=60, replicates=20, seed=2023
)

PRESETS = (
    Preset(
        name="paper-gmm",
        family="mixture",
        title="The paper's mixture of two Gaussians: the modes die",
        explanation=(
            "Two clouds of points, each a Gaussian, are fitted by a two-component mixture (EM); the next "
            "generation is sampled from the fit and fitted again. Which cloud a point comes from is a coin "
            "toss weighted by the fitted shares, so the shares drift from generation to generation, and a "
            "share that drifts to nearly zero does not come back: one mode dies and the other takes over, "
            "while the spread of what is left shrinks. The sizes here are chosen to run in a couple of "
            "seconds: with 100 points per generation the collapse shows within a few hundred generations."
        ),
        citation=SHUMAILOV,
        config=_PAPER,
        label="replace",
    ),
    Preset(
        name="gmm-accumulate",
        family="mixture",
        title="Accumulate the data and the modes survive",
        explanation=(
            "Three modes on a line. Replacing each generation's data with the fit's own samples lets the "
            "mode shares drift; keeping every earlier generation's data (the real points among them) pins "
            "the fit close to the truth, so all three modes stay alive."
        ),
        citation=GERSTGRASSER,
        config=dataclasses.replace(_ACC, regime="accumulate"),
        label="accumulate",
        compare=_ACC,
        compare_label="replace",
    ),
    Preset(
        name="gmm-fixed-vs-fresh",
        family="mixture",
        title="A fixed real set vs fresh real data, three modes",
        explanation=(
            "A fifth of every generation's points are real. Either way most chains keep all three modes "
            "(without real data most are down to one or two by generation 200). Fresh real points keep "
            "the fit close to the truth; reusing the same real points ties every generation to that one "
            "sample's quirks, so the fit stays further off. Even with real data a chain sometimes loses a "
            "mode: once EM has merged two components, real points alone rarely split them again."
        ),
        citation=ALEMOHAMMAD,
        config=dataclasses.replace(_ACC, generations=200, real_fraction=0.2, real_source="fixed"),
        label="fixed real set",
        compare=dataclasses.replace(_ACC, generations=200, real_fraction=0.2, real_source="fresh"),
        compare_label="fresh real data",
    ),
    Preset(
        name="gmm-minority",
        family="mixture",
        title="A rare mode is forgotten first; accumulating keeps it",
        explanation=(
            "Three modes on a line, the leftmost holding a tenth of the points. Under replace its share "
            "drifts as a gene's frequency does in a population of 100 (Wright-Fisher drift): by generation "
            "60 more than four chains in five have lost it, while the two common modes are still there. "
            "Keeping every generation's data (the real first sample among it) holds its share near a "
            "tenth: nearly every chain still has it. Rare data are where collapse starts."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_MINORITY, regime="accumulate"),
        label="accumulate",
        compare=_MINORITY,
        compare_label="replace",
    ),
)
