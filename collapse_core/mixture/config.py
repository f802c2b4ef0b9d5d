"""The Gaussian-mixture family's configuration: K modes refitted by EM from their own samples.

Generation indexing follows collapse_core.config: generation 0 is the truth; generation 1 is
fitted on M real points (n_real real points plus n_syn points drawn from the truth, i.e. M
draws from the truth); generation t + 1 is fitted on the training set the regime forms from
generation t's fitted mixture (plus real data when real_fraction > 0).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core.config import ChainConfig, check_int, check_real
from collapse_core.mixture import minority

DIMENSIONS = (1, 2)
MIN_COMPONENTS, MAX_COMPONENTS = 2, 8
# Two unit-variance normals at equal weight are bimodal only when their means are more than
# 2 standard deviations apart: below that the truth itself has fewer modes than components.
MIN_SEPARATION, MAX_SEPARATION = 2.0, 20.0
MAX_EM_ITER = 1000
MIN_EM_TOL, MAX_EM_TOL = 1e-12, 1.0
MIN_VARIANCE_FLOOR, MAX_VARIANCE_FLOOR = 1e-9, 1.0


@dataclass(frozen=True)
class MixtureConfig(ChainConfig):
    """A mixture of K Gaussians in 1 or 2 dimensions, refitted by EM generation after generation.

    Attributes (beyond ChainConfig, where sample_size M counts points; defaults G = R = 100):
        dimension: 1 or 2.
        components: K, 2 to 8, in the truth and in every fitted model.
        separation: distance between neighbouring truth means in units of the truth's
            standard deviation, 2 to 20. The truth has equal weights 1/K and unit (co)variances;
            in 1-D its means are separation * (k - (K - 1) / 2), k = 0..K-1; in 2-D they lie on
            a circle centred at the origin, equally spaced in angle, neighbours `separation`
            apart (K = 2: at (+-separation/2, 0)).
        em_max_iter: at most this many EM iterations per fit (1 to 1000).
        em_tol: EM stops for a replicate when its mean log-likelihood per training point changes
            by less than em_tol between two iterations (as scikit-learn's `tol`).
        variance_floor: added to every component's variance (each covariance's diagonal) after
            every M step, as scikit-learn's `reg_covar`, so no fitted variance falls below it and
            no component degenerates onto a single point (truth variance = 1).
        minority_weight: 0 (off: equal weights) or the truth weight of component 0, below 1/K;
            the others share the rest equally (collapse_core/mixture/minority.py).
        truth_weights: "" (off) or all K truth weights as text, "0.6,0.3,0.1", each >= 0.005,
            summing to 1; the lightest is the minority.
        data: "" or the hash of a stored data set (1-D only): then the truth is its first
            column, standardised and resampled with replacement (collapse_core.mixture.on_data),
            and `separation` does not apply.

    Examples:
        >>> from collapse_core import MixtureConfig
        >>> cfg = MixtureConfig(dimension=2, components=3, separation=4, seed=1)
        >>> cfg.family, cfg.components
        ('mixture', 3)
    """

    # Smaller chain defaults than ChainConfig's: EM costs seconds where the Gaussian costs ms.
    generations: int = 100
    replicates: int = 100
    dimension: int = 1
    components: int = 3
    separation: float = 4.0
    em_max_iter: int = 100
    em_tol: float = 1e-4
    variance_floor: float = 1e-3
    minority_weight: float = 0.0
    truth_weights: str = ""
    data: str = ""

    family = "mixture"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.dimension not in DIMENSIONS or isinstance(self.dimension, bool):
            raise ValueError(f"dimension must be 1 or 2; got {self.dimension!r}")
        check_int("components", self.components, MIN_COMPONENTS, MAX_COMPONENTS)
        check_real("separation", self.separation, MIN_SEPARATION, MAX_SEPARATION)
        check_int("em_max_iter", self.em_max_iter, 1, MAX_EM_ITER)
        check_real("em_tol", self.em_tol, MIN_EM_TOL, MAX_EM_TOL)
        check_real("variance_floor", self.variance_floor, MIN_VARIANCE_FLOOR, MAX_VARIANCE_FLOOR)
        minority.check(self)
        if self.data:
            from collapse_core.userdata.store import check_hash

            object.__setattr__(self, "data", check_hash(self.data))
            if self.dimension != 1:
                raise ValueError("dimension must be 1 with data (the mixture takes one column)")
            if minority.active(self):
                raise ValueError(
                    "minority_weight and truth_weights set the built-in truth's weights: "
                    "they do not apply with your own data (data=...)"
                )

    def asdict(self) -> dict:
        out = {"family": self.family, **dataclasses.asdict(self)}
        if not out["data"]:  # without data the record stays what it always was
            del out["data"]
        return out
