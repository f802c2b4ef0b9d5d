"""The linear regression family's configuration."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from collapse_core.config import ChainConfig, check_int, check_real
from collapse_core.regression import groups

MAX_DIMENSION = 50


@dataclass(frozen=True)
class RegressionConfig(ChainConfig):
    """Linear regression y = x . w + noise, refitted by least squares on its own labels
    (Dohmatob, Feng & Kempe 2024; Gerstgrasser et al. 2024).

    Each generation draws T = sample_size fresh design points x ~ N(0, I_d) (isotropic
    Gaussian design). Real rows are labelled by the true w* plus N(0, noise^2) noise;
    synthetic rows by the previous generation's fitted w plus fresh N(0, noise^2) noise. The
    next model is the least-squares fit on the training set the regime forms (replace: the
    new rows; accumulate: every row so far; accumulate-subsample: T rows drawn without
    replacement from every row so far).

    Attributes (beyond ChainConfig, where sample_size is T, rows per generation):
        dimension: d, 1 to 50; sample_size must be at least d + 2 (so that the least-squares
            error has a finite mean, d / (T - d - 1)).
        noise: sigma > 0, the label noise's standard deviation.
        weight_norm: ||w*||; w* = weight_norm * (1, ..., 1) / sqrt(d). Under isotropic design
            no metric depends on it (only on w - w*); it sets the labels' scale.

    Examples:
        >>> from collapse_core import RegressionConfig
        >>> cfg = RegressionConfig(dimension=10, sample_size=100, regime="accumulate", seed=1)
        >>> cfg.family, cfg.dimension
        ('regression', 10)
    """

    dimension: int = 10
    noise: float = 1.0
    weight_norm: float = 1.0
    minority_share: float = 0.0
    group_gap: float = 0.0

    family = "regression"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_int("dimension", self.dimension, 1, MAX_DIMENSION)
        check_real("noise", self.noise, 0.0, 1e6, open_low=True)
        check_real("weight_norm", self.weight_norm, 0.0, 1e6)
        groups.check(self)
        if self.sample_size < self.dimension + 2:
            raise ValueError(
                f"sample_size must be at least dimension + 2 = {self.dimension + 2} for the least-squares "
                f"fit to have a finite expected error; got {self.sample_size}"
            )

    @property
    def w_star(self) -> np.ndarray:
        return np.full(self.dimension, self.weight_norm / np.sqrt(self.dimension))

    def asdict(self) -> dict:
        return {"family": self.family, **dataclasses.asdict(self)}
