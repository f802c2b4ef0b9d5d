"""The Gaussian family's configuration."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core.config import ChainConfig, check_choice, check_real
from collapse_core.gaussian import weighting

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
        weighting: "pool" (one fit to the whole training set), "weighted" (the fresh real and
            the synthetic parts fitted apart and combined with weight real_weight on the real
            one) or "optimal" (that weight at its closed-form optimum, 1/phi for equal parts);
            see gaussian/weighting.py (He, Xu and Cheng 2025).
        real_weight: the weight on the real part in (0, 1], read when weighting is "weighted".
        correction: gamma in [0, 1], how far each synthetic point is moved toward the truth
            before training (0: not at all; 1: onto a draw from the truth); see
            gaussian/correction.py (Gillman et al. 2024).
        verifier_width: tau > 0 keeps only the synthetic points within tau true SDs of the
            verifier's centre (0: no verifier); see gaussian/verification.py.
        verifier_centre: delta, the verifier's knowledge centre mu0 + delta sigma0 (0: the truth).

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
    weighting: str = "pool"
    real_weight: float = 0.5
    correction: float = 0.0
    verifier_width: float = 0.0
    verifier_centre: float = 0.0

    family = "gaussian"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_choice("estimator", self.estimator, ESTIMATORS)
        check_real("mu0", self.mu0, -1e12, 1e12)
        check_real("sigma0", self.sigma0, 0.0, 1e12, open_low=True)
        if self.data:
            from collapse_core.userdata.store import check_hash

            object.__setattr__(self, "data", check_hash(self.data))
        check_choice("weighting", self.weighting, weighting.WEIGHTINGS)
        check_real("real_weight", self.real_weight, 0.0, 1.0, open_low=True)
        weighting.check(self)
        check_real("correction", self.correction, 0.0, 1.0)
        check_real("verifier_width", self.verifier_width, 0.0, 1e3)
        check_real("verifier_centre", self.verifier_centre, -1e3, 1e3)
        if self.data and (self.weighting != "pool" or self.correction or self.verifier_width):
            raise ValueError(
                "weighting, correction and verifier_width need the Gaussian truth: "
                "they are not available with your own data (data=...)"
            )

    @property
    def ddof(self) -> int:
        return 0 if self.estimator == "mle" else 1

    def asdict(self) -> dict:
        out = {"family": self.family, **dataclasses.asdict(self)}
        if not out["data"]:  # without data the record stays what it always was
            del out["data"]
        return out
