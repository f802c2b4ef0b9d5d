"""The digits family's configuration: handwritten 8x8 digits regenerated from their own samples.

Generation indexing follows collapse_core.config: generation 0 is the truth (the real training
pool, as the model sees it: projected onto the PCA space); generation 1 is fitted on M real
images (n_real from the held-out pool plus n_syn drawn from the truth, i.e. the training
pool); generation t + 1 is fitted on the training set the regime forms from generation t's
samples plus real images.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core.config import ChainConfig, check_choice, check_int
from collapse_core.digits.data import MAX_COMPONENTS

CLASS_PRIORS = ("refitted", "fixed")
MAX_DIGITS_SAMPLE = 100_000


@dataclass(frozen=True)
class DigitsConfig(ChainConfig):
    """Per digit class, a Gaussian in a PCA space of the pixels, refitted generation after
    generation on images sampled from the previous generation's model.

    Attributes (beyond ChainConfig, where sample_size M counts images of all ten classes):
        components: d, dimensions of the PCA space (1 to 40), fitted once on the real
            training pool; 20 keep about 90% of the pixel variance.
        class_prior: "refitted": each generation's class proportions are the proportions in
            its training set, and the next batch's classes are drawn from them (so they drift,
            Wright-Fisher style); "fixed": the real proportions, always (each batch has a
            fixed number of images per class).

    Examples:
        >>> from collapse_core import DigitsConfig
        >>> cfg = DigitsConfig(components=20, class_prior="fixed", seed=1)
        >>> cfg.family, cfg.sample_size
        ('digits', 500)
    """

    sample_size: int = 500
    generations: int = 50
    replicates: int = 20
    components: int = 20
    class_prior: str = "refitted"

    family = "digits"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_int("sample_size", self.sample_size, 2, MAX_DIGITS_SAMPLE)
        check_int("components", self.components, 1, MAX_COMPONENTS)
        check_choice("class_prior", self.class_prior, CLASS_PRIORS)

    def asdict(self) -> dict:
        return {"family": self.family, **dataclasses.asdict(self)}
