"""The multivariate Gaussian family's configuration."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core.config import ChainConfig, check_choice, check_int, check_real

ESTIMATORS = ("mle", "unbiased")
MIN_DIMENSION = 2
MAX_DIMENSION = 50
MAX_CONDITION_NUMBER = 1e6


@dataclass(frozen=True)
class MultivariateConfig(ChainConfig):
    """A d-dimensional Gaussian with full covariance, refitted generation after generation.

    Attributes (beyond ChainConfig):
        dimension: d, 2 to 50.
        estimator: "mle" (covariance divides by n, ddof=0) or "unbiased" (by n - 1).
        condition_number: kappa >= 1 of the truth's covariance. Its eigenvalues are spaced
            evenly in log scale from sqrt(kappa) down to 1/sqrt(kappa) (so det = 1); 1 is the
            identity.
        rotation: degrees by which the truth's principal axes are turned in each plane of
            consecutive coordinates (1,2), (2,3), ... (in 2-D: the tilt of the ellipse). The
            truth's mean is 0.

    The sample size must exceed the dimension (M > d): with M <= d points the fitted
    covariance is singular, and a singular model cannot be refitted.

    Examples:
        >>> from collapse_core import MultivariateConfig
        >>> cfg = MultivariateConfig(dimension=20, sample_size=100, condition_number=10, seed=1)
        >>> cfg.family, cfg.dimension
        ('multivariate', 20)
    """

    dimension: int = 2
    estimator: str = "mle"
    condition_number: float = 1.0
    rotation: float = 0.0
    correction: float = 0.0

    family = "multivariate"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_int("dimension", self.dimension, MIN_DIMENSION, MAX_DIMENSION)
        check_choice("estimator", self.estimator, ESTIMATORS)
        check_real("condition_number", self.condition_number, 1.0, MAX_CONDITION_NUMBER)
        check_real("rotation", self.rotation, -360.0, 360.0)
        check_real("correction", self.correction, 0.0, 1.0)
        if self.sample_size <= self.dimension:
            raise ValueError(
                f"sample_size must exceed dimension (M > d) so the fitted covariance stays full rank; "
                f"got sample_size {self.sample_size:,} with dimension {self.dimension}"
            )

    @property
    def ddof(self) -> int:
        return 0 if self.estimator == "mle" else 1

    def asdict(self) -> dict:
        return {"family": self.family, **dataclasses.asdict(self)}
