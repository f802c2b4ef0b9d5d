"""The Gaussian family's configuration."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core.config import ChainConfig, check_choice, check_real

ESTIMATORS = ("mle", "unbiased")


@dataclass(frozen=True)
class GaussianConfig(ChainConfig):
    """A one-dimensional Gaussian refitted generation after generation.

    Attributes (beyond ChainConfig):
        estimator: "mle" (variance divides by n, ddof=0, as in the paper authors' notebook)
            or "unbiased" (divides by n - 1, ddof=1, as in the paper's theorems).
        mu0, sigma0: the truth, N(mu0, sigma0^2).
        data: "" (the Gaussian truth) or the hash of a stored data set (collapse_core.userdata):
            then the truth is that data set's first column, resampled with replacement, and
            mu0, sigma0 are set to its mean and standard deviation (divided by n) when it runs.

    Examples:
        >>> from collapse_core import GaussianConfig
        >>> cfg = GaussianConfig(sample_size=100, generations=500, estimator="unbiased", seed=1)
        >>> cfg.n_real, cfg.n_syn
        (0, 100)
        >>> GaussianConfig(sample_size=1)
        Traceback (most recent call last):
        ValueError: sample_size must be an integer from 2 to 1,000,000,000; got 1
    """

    estimator: str = "mle"
    mu0: float = 0.0
    sigma0: float = 1.0
    data: str = ""

    family = "gaussian"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_choice("estimator", self.estimator, ESTIMATORS)
        check_real("mu0", self.mu0, -1e12, 1e12)
        check_real("sigma0", self.sigma0, 0.0, 1e12, open_low=True)
        if self.data:
            from collapse_core.userdata.store import check_hash

            object.__setattr__(self, "data", check_hash(self.data))

    @property
    def ddof(self) -> int:
        return 0 if self.estimator == "mle" else 1

    def asdict(self) -> dict:
        out = {"family": self.family, **dataclasses.asdict(self)}
        if not out["data"]:  # without data the record stays what it always was
            del out["data"]
        return out
