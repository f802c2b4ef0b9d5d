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
            f"{name} must be an integer from {low:,} to {high:,}; got {value!r} ({type(value).__name__})"
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

    @classmethod
    def from_provenance(cls, block: dict) -> ChainConfig:
        """The config a provenance block (a Result's, a JSON output's or an export's
        config.json) records, so the same picture can be drawn again.

        Called on a family's config class, the block must be of that family.

        Examples:
            >>> from collapse_core import GaussianConfig, simulate
            >>> res = simulate(GaussianConfig(sample_size=10, generations=5, replicates=3, seed=7))
            >>> GaussianConfig.from_provenance(res.provenance) == res.config
            True
        """
        cfg = config_from_provenance(block)
        if cls is not ChainConfig and not isinstance(cfg, cls):
            raise ValueError(f"the provenance block is of the {type(cfg).family} family, not {cls.family}")
        return cfg


def _config_classes() -> dict[str, type[ChainConfig]]:
    """Family name -> config class, over every ChainConfig subclass imported so far (the
    registry imports every family's config; importing collapse_core does too)."""
    out, todo = {}, list(ChainConfig.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        name = getattr(cls, "family", None)
        if isinstance(name, str):
            out.setdefault(name, cls)
    return out


def config_from_provenance(block: dict) -> ChainConfig:
    """Any family's config from a provenance block (or from a whole JSON output, whose
    `provenance` key holds one): the family named there, its recorded fields, the seed."""
    if not isinstance(block, dict):
        raise ValueError(f"a provenance block is a JSON object; got {type(block).__name__}")
    if "provenance" in block and isinstance(block["provenance"], dict):
        block = block["provenance"]
    name, fields = block.get("family"), block.get("config")
    if not isinstance(name, str) or not isinstance(fields, dict):
        raise ValueError("a provenance block needs a 'family' name and a 'config' object")
    classes = _config_classes()
    if name not in classes:
        raise ValueError(f"unknown family {name!r}; known families: {', '.join(sorted(classes))}")
    config = classes[name]
    fields = {k: v for k, v in fields.items() if k != "family"}  # some asdict()s name it
    known = {f.name for f in dataclasses.fields(config)}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise ValueError(f"the {name} family has no setting {unknown[0]!r} (a newer or older version?)")
    if block.get("seed") is not None:
        fields = {**fields, "seed": block["seed"]}
    return config(**fields)
