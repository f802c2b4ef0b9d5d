"""Presets from the papers: a small registry shared by the pages and the command line.

Each preset is a full configuration plus the words a teacher needs: a title, a paragraph in
plain words, and the citation. Where the point is a contrast, `compare` holds the other side,
run on the same seed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core.categorical.config import CategoricalConfig
from collapse_core.config import ChainConfig
from collapse_core.gaussian.config import GaussianConfig

SHUMAILOV = (
    "Shumailov, Shumaylov, Zhao, Papernot, Anderson & Gal (2024). AI models collapse when trained "
    "on recursively generated data. Nature 631, 755-759. (arXiv:2305.17493, 2023)"
)
GERSTGRASSER = (
    "Gerstgrasser et al. (2024). Is Model Collapse Inevitable? Breaking the Curse of Recursion by "
    "Accumulating Real and Synthetic Data. arXiv:2404.01413"
)
KAZDAN = (
    "Kazdan et al. (2024). Collapse or Thrive? Perils and Promises of Synthetic Data in a "
    "Self-Generating World. arXiv:2410.16713"
)
ALEMOHAMMAD = (
    "Alemohammad et al. (2023). Self-Consuming Generative Models Go MAD. arXiv:2307.01850"
)
KIMURA = (
    "Kimura & Ohta (1969). The average number of generations until fixation of a mutant gene in a "
    "finite population. Genetics 61, 763-771 (Wright-Fisher drift)"
)


@dataclass(frozen=True)
class Preset:
    """A named, cited configuration.

    Attributes:
        name: slug used in URLs and on the command line.
        page: which page shows it ("gaussian" or "vocabulary").
        title, explanation, citation: the words shown beside it.
        config: the full configuration, seed included, so a preset is one exact picture.
        compare: optional second configuration shown side by side (same seed).
        compare_label, label: short names of the two sides.
    """

    name: str
    page: str
    title: str
    explanation: str
    citation: str
    config: ChainConfig
    label: str = ""
    compare: ChainConfig | None = None
    compare_label: str = ""

    def asdict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["config"] = self.config.asdict()
        out["compare"] = self.compare.asdict() if self.compare is not None else None
        return out


_G = GaussianConfig(sample_size=100, generations=1000, replicates=200, seed=2023)

_PRESETS = [
    Preset(
        name="paper-gaussian",
        page="gaussian",
        title="The paper's Gaussian: 100 samples per generation",
        explanation=(
            "Each generation fits a bell curve to 100 points drawn from the previous generation's "
            "bell curve. Small estimation errors compound: the fitted spread shrinks generation after "
            "generation, and the rare values in the tails are the first to go."
        ),
        citation=SHUMAILOV,
        config=_G,
        label="MLE, replace",
    ),
    Preset(
        name="mle-vs-unbiased",
        page="gaussian",
        title="Unbiased is not enough: the mean holds, the median collapses",
        explanation=(
            "Dividing by n - 1 makes every step's variance estimate right on average, so the expected "
            "variance stays at the truth's. Yet the typical chain still collapses: the average is held "
            "up by a few rare chains whose variance grew, while most shrink towards zero."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_G, estimator="unbiased", generations=2000),
        label="unbiased (n - 1)",
        compare=dataclasses.replace(_G, generations=2000),
        compare_label="MLE (n)",
    ),
    Preset(
        name="keep-10pct-real",
        page="gaussian",
        title="Keeping 10% real data each generation",
        explanation=(
            "If every generation's training set holds 10% fresh real data, the chain no longer drifts "
            "away: the variance settles at a stable level close to the truth's instead of collapsing."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_G, real_fraction=0.1),
        label="10% fresh real data",
        compare=_G,
        compare_label="no real data",
    ),
    Preset(
        name="accumulate",
        page="gaussian",
        title="Accumulate instead of replace",
        explanation=(
            "Keep every earlier generation's data and add the new synthetic data to it, instead of "
            "throwing the old data away. The pool always contains the original real data, so the error "
            "stays bounded: the variance levels off just below the truth's."
        ),
        citation=f"{GERSTGRASSER}; {KAZDAN}",
        config=dataclasses.replace(_G, regime="accumulate"),
        label="accumulate",
        compare=_G,
        compare_label="replace",
    ),
    Preset(
        name="fixed-vs-fresh",
        page="gaussian",
        title="A fixed real set reused vs fresh real data",
        explanation=(
            "Mixing real data in helps, but how much depends on where it comes from. Reusing the same "
            "real sample every generation (the synthetic-augmentation loop) ties every model to that "
            "one sample's quirks; fresh real data each generation keeps the chain close to the truth."
        ),
        citation=ALEMOHAMMAD,
        config=dataclasses.replace(_G, real_fraction=0.2, real_source="fixed", sample_size=20),
        label="fixed real set",
        compare=dataclasses.replace(_G, real_fraction=0.2, real_source="fresh", sample_size=20),
        compare_label="fresh real data",
    ),
]

_V = CategoricalConfig(truth="zipf", categories=1000, zipf_exponent=1.0, sample_size=1000,
                       generations=200, replicates=100, seed=2023)
_PRESETS.append(
    Preset(
        name="rare-words",
        page="vocabulary",
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
    )
)

PRESETS: dict[str, Preset] = {p.name: p for p in _PRESETS}


def register(preset: Preset) -> None:
    """Add a preset (other families register theirs when their module loads)."""
    if preset.name in PRESETS:
        raise ValueError(f"preset {preset.name!r} is already registered")
    PRESETS[preset.name] = preset


def get(name: str) -> Preset:
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}")
    return PRESETS[name]


def for_page(page: str) -> dict[str, Preset]:
    """The presets a page shows, in registry order."""
    return {name: p for name, p in PRESETS.items() if p.page == page}


def settings(cfg: ChainConfig) -> dict:
    """A configuration's fields by name, without the family tag (what a page's controls set)."""
    out = cfg.asdict()
    out.pop("family", None)
    return out
