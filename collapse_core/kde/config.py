"""The kernel density estimate family's configuration."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from collapse_core.config import ChainConfig, check_choice, check_real

BANDWIDTH_RULES = ("fixed", "scott", "silverman")
TRUTHS = ("normal", "mixture")


@dataclass(frozen=True)
class KDEConfig(ChainConfig):
    """A one-dimensional Gaussian kernel density estimate refitted generation after generation.

    The model of a generation is its training set x_1..x_n plus a bandwidth h: the density
    (1/n) sum_i N(x; x_i, h^2). Sampling from it picks a training point uniformly and adds
    N(0, h^2) noise, so refitting adds h^2 of variance per generation while resampling a
    finite set removes a fraction 1/M: the spread can inflate instead of collapse.

    Attributes (beyond ChainConfig):
        bandwidth_rule: "fixed" (h = bandwidth every generation), "scott" or "silverman",
            recomputed each generation from the current training set of n points as in
            scipy.stats.gaussian_kde: h = factor * std(ddof=1), factor n^(-1/5) (Scott) or
            (3n/4)^(-1/5) (Silverman's normal-reference rule, 1.06 sd n^(-1/5)).
        bandwidth: h for the fixed rule, in the units of x (ignored by the other rules).
        truth_shape: "normal" N(mu0, sigma0^2) or "mixture": equal-weight normals with standard
            deviation sigma0 at mu0 -/+ separation * sigma0 / 2.
        mu0, sigma0: centre and (component) standard deviation of the truth.
        separation: distance between the mixture's two component means, in sigma0 units.
        data: "" or the hash of a stored data set: then the truth is that data set, resampled
            with replacement, and mu0, sigma0 are set to its mean and standard deviation.

    Examples:
        >>> from collapse_core import KDEConfig
        >>> cfg = KDEConfig(bandwidth_rule="fixed", bandwidth=0.3, seed=1)
        >>> cfg.family, cfg.bandwidth
        ('kde', 0.3)
    """

    bandwidth_rule: str = "silverman"
    bandwidth: float = 0.3
    truth_shape: str = "normal"
    mu0: float = 0.0
    sigma0: float = 1.0
    separation: float = 4.0
    data: str = ""

    family = "kde"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_choice("bandwidth_rule", self.bandwidth_rule, BANDWIDTH_RULES)
        check_real("bandwidth", self.bandwidth, 0.0, 1e12, open_low=True)
        check_choice("truth_shape", self.truth_shape, TRUTHS)
        if self.data:
            from collapse_core.userdata.store import check_hash

            object.__setattr__(self, "data", check_hash(self.data))
            # The data is the truth's shape: the built-in shape's setting does not apply.
            object.__setattr__(self, "truth_shape", "normal")
        check_real("mu0", self.mu0, -1e12, 1e12)
        check_real("sigma0", self.sigma0, 0.0, 1e12, open_low=True)
        check_real("separation", self.separation, 0.0, 100.0)
        if self.bandwidth_rule == "fixed" and not 1e-6 <= self.bandwidth / self.sigma0 <= 1e3:
            raise ValueError(
                f"bandwidth must lie between 1e-6 and 1e3 times sigma0 ({self.sigma0:g}) with the "
                f"fixed rule; got {self.bandwidth!r}"
            )

    @property
    def truth_variance(self) -> float:
        """Variance of the truth: sigma0^2, plus (separation sigma0 / 2)^2 for the mixture."""
        half = self.separation / 2.0 if self.truth_shape == "mixture" else 0.0
        return self.sigma0**2 * (1.0 + half * half)

    @property
    def truth_sd(self) -> float:
        return math.sqrt(self.truth_variance)

    def asdict(self) -> dict:
        out = {"family": self.family, **dataclasses.asdict(self)}
        if not out["data"]:  # without data the record stays what it always was
            del out["data"]
        return out
