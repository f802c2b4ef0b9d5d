"""Chain configurations: frozen, validated once at construction, hashable.

Generation indexing (every output follows it):
  generation 0      the truth itself;
  generation 1      the model fitted on the first training set: n_real real points
                    plus n_syn points drawn from generation 0 (the truth), i.e. M real points;
  generation t + 1  the model fitted on the training set that the regime forms from
                    generation t's model (plus real data, when real_fraction > 0).

n_real = round(real_fraction * M) (halves round up) and n_syn = M - n_real.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

REGIMES = ("replace", "accumulate", "accumulate-subsample")
REAL_SOURCES = ("fresh", "fixed")

MAX_SAMPLE_SIZE = 10**9
MAX_GENERATIONS = 100_000
MAX_REPLICATES = 100_000
MAX_SEED = 2**63 - 1


def check_int(name: str, value: object, low: int, high: int) -> None:
    # bool is an int subclass; True as a sample size is a bug, not a 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            f"{name} must be an integer from {low:,} to {high:,}; got {value!r} "
            f"({type(value).__name__})"
        )
    if not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low:,} to {high:,}; got {value:,}")


def check_real(name: str, value: object, low: float, high: float, *, open_low: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number; got {value!r} ({type(value).__name__})")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    too_low = value <= low if open_low else value < low
    if too_low or value > high:
        bracket = "(" if open_low else "["
        raise ValueError(f"{name} must lie in {bracket}{low:g}, {high:g}]; got {value!r}")


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


@dataclass(frozen=True)
class ChainConfig:
    """What every family shares: sizes, regime, real-data mixing and the seed.

    Attributes:
        sample_size: M, points in each generation's training set (2 to 10^9).
        generations: G, models fitted after the truth (1 to 100 000).
        replicates: R, independent chains run side by side (1 to 100 000).
        seed: integer seed of all randomness; None draws one (recorded in the result).
        regime: "replace" (newest data only), "accumulate" (all data so far) or
            "accumulate-subsample" (M points drawn without replacement from all data so far).
        real_fraction: r in [0, 1], the share of each new batch that is real data.
        real_source: "fresh" (new draws from the truth each generation) or "fixed"
            (the real points of generation 1's training set, reused every generation).
    """

    sample_size: int = 100
    generations: int = 200
    replicates: int = 200
    seed: int | None = None
    regime: str = "replace"
    real_fraction: float = 0.0
    real_source: str = "fresh"

    def __post_init__(self) -> None:
        check_int("sample_size", self.sample_size, 2, MAX_SAMPLE_SIZE)
        check_int("generations", self.generations, 1, MAX_GENERATIONS)
        check_int("replicates", self.replicates, 1, MAX_REPLICATES)
        if self.seed is not None:
            check_int("seed", self.seed, 0, MAX_SEED)
        check_choice("regime", self.regime, REGIMES)
        check_real("real_fraction", self.real_fraction, 0.0, 1.0)
        check_choice("real_source", self.real_source, REAL_SOURCES)

    @property
    def n_real(self) -> int:
        """Real points in each new batch: round(r * M), halves up."""
        return math.floor(self.real_fraction * self.sample_size + 0.5)

    @property
    def n_syn(self) -> int:
        """Synthetic points in each new batch."""
        return self.sample_size - self.n_real

    def asdict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_namespace(cls, ns) -> ChainConfig:
        """The config from an object carrying one attribute per field (e.g. parsed arguments)."""
        return cls(**{f.name: getattr(ns, f.name) for f in dataclasses.fields(cls)})

    def with_seed(self, seed: int) -> ChainConfig:
        return dataclasses.replace(self, seed=seed)
