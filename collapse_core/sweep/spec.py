"""A sweep specification: one family, a base configuration, one to three swept fields, the
metrics (each with the statistic read per cell) and the generations read.

Cells are the Cartesian product of the swept values, the first axis varying slowest; cell i
runs the base configuration with its swept values and the seed derived for i from the root
seed (`cell_seeds`), so a sweep is reproducible and does not depend on the order in which
cells finish, on the number of workers, or on which cells are run at all.

Numpy only (no dask, no pandas): the runner imports those lazily.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from collapse_core import families
from collapse_core.config import MAX_SEED
from collapse_core.result import SUMMARY_STATS

MAX_AXES = 3
MAX_AXIS_VALUES = 1000
MAX_CELLS = 100_000
READ_CHOICES = ("last", "all")
# Fields a sweep derives itself, never sweeps or takes from the base configuration.
RESERVED = ("seed",)
SEED_DERIVATION = "numpy.random.SeedSequence(root_seed).spawn(n_cells)[i].generate_state(1, uint64)[0] >> 1"


def cell_seeds(root_seed: int, n_cells: int) -> list[int]:
    """One integer seed per cell, from one root seed (63 bits, the range configs accept)."""
    children = np.random.SeedSequence(root_seed).spawn(n_cells)
    return [int(c.generate_state(1, np.uint64)[0]) >> 1 for c in children]


def field_kind(fam, name: str) -> type:
    """int, float or str: the type of a config field's default (how its values are parsed)."""
    fields = {f.name: f for f in dataclasses.fields(fam.config)}
    if name not in fields:
        raise ValueError(
            f"family {fam.name} has no setting {name!r}; its settings: "
            + ", ".join(n for n in fields if n not in RESERVED)
        )
    if name in RESERVED:
        raise ValueError(f"{name} cannot be swept or set: each cell's seed is derived from the root seed")
    default = fields[name].default
    if isinstance(default, bool) or not isinstance(default, (int, float, str)):
        raise ValueError(f"setting {name!r} of family {fam.name} cannot be swept")
    return type(default)


def _number(kind: type, text: str, name: str):
    try:
        return kind(text)
    except ValueError:
        noun = "an integer" if kind is int else "a number"
        raise ValueError(f"{name}: {text!r} is not {noun}") from None


def parse_values(fam, name: str, text: str) -> tuple:
    """Values of one swept field from text: "a,b,c" (a list) or "start:stop:count" (evenly
    spaced, both ends included; "start:stop:count:log" spaces them geometrically). Integer
    fields round spaced values to integers (halves up) and refuse repeats."""
    kind = field_kind(fam, name)
    text = text.strip()
    if not text:
        raise ValueError(f"{name}: no values given")
    if ":" not in text:
        values = tuple(
            _number(kind, v.strip(), name) if kind is not str else v.strip() for v in text.split(",")
        )
    else:
        if kind is str:
            raise ValueError(f"{name}: a range start:stop:count needs a numeric setting")
        parts = text.split(":")
        log = len(parts) == 4 and parts[3] == "log"
        if len(parts) not in (3, 4) or (len(parts) == 4 and not log):
            raise ValueError(f"{name}: a range is start:stop:count or start:stop:count:log; got {text!r}")
        start, stop = (_number(float, p, name) for p in parts[:2])
        count = _number(int, parts[2], name)
        if not 1 <= count <= MAX_AXIS_VALUES:
            raise ValueError(f"{name}: count must be from 1 to {MAX_AXIS_VALUES}; got {count}")
        if log and (start <= 0 or stop <= 0):
            raise ValueError(f"{name}: a log range needs positive start and stop")
        grid = np.geomspace(start, stop, count) if log else np.linspace(start, stop, count)
        if kind is int:
            values = tuple(math.floor(x + 0.5) for x in grid)
        else:
            values = tuple(float(x) for x in grid)
    if len(set(values)) != len(values):
        raise ValueError(f"{name}: values repeat ({', '.join(map(str, values))})")
    if len(values) > MAX_AXIS_VALUES:
        raise ValueError(f"{name}: at most {MAX_AXIS_VALUES} values; got {len(values)}")
    return values


@dataclass(frozen=True)
class Axis:
    """One swept field and its values, in order."""

    field: str
    values: tuple

    def asdict(self) -> dict:
        return {"field": self.field, "values": list(self.values)}


@dataclass(frozen=True)
class Cell:
    """One cell: its index in the sweep, its swept values and derived seed, its config."""

    index: int
    values: Mapping[str, Any]
    seed: int
    config: Any


@dataclass(frozen=True)
class SweepSpec:
    """What to run and what to read.

    Attributes:
        family: a registered family's name.
        base: config fields shared by every cell (the family's defaults for the rest).
        axes: one to three swept fields; cells are their Cartesian product.
        metrics: (metric, statistic) pairs; statistic across replicates, one of mean, median,
            q05, q95 (as in Result.summary).
        read: generations read per cell: "last" (each cell's G), "all", or a tuple of ints.
        root_seed: the one seed every cell's seed is derived from.
        engine: passed to simulate() ("auto" picks per cell).

    Examples:
        >>> from collapse_core.sweep.spec import Axis, SweepSpec
        >>> spec = SweepSpec(family="gaussian", axes=(Axis("sample_size", (10, 100)),),
        ...                  metrics=(("variance_ratio", "median"),), base={"generations": 50})
        >>> [c.config.sample_size for c in spec.cells()]
        [10, 100]
    """

    family: str
    axes: tuple[Axis, ...]
    metrics: tuple[tuple[str, str], ...]
    base: Mapping[str, Any] = field(default_factory=dict)
    read: str | tuple[int, ...] = "last"
    root_seed: int = 0
    engine: str = "auto"

    def __post_init__(self) -> None:
        fam = families.get(self.family)
        object.__setattr__(self, "base", dict(self.base))
        object.__setattr__(self, "axes", tuple(self.axes))
        # A metric or generation named twice is read once (first mention's order kept): a
        # repeat would only duplicate rows of the table.
        object.__setattr__(self, "metrics", tuple(dict.fromkeys((m, s) for m, s in self.metrics)))
        if isinstance(self.read, (list, tuple)):
            object.__setattr__(self, "read", tuple(dict.fromkeys(self.read)))
        if not 1 <= len(self.axes) <= MAX_AXES:
            raise ValueError(f"a sweep varies 1 to {MAX_AXES} settings; got {len(self.axes)}")
        names = [a.field for a in self.axes]
        if len(set(names)) != len(names):
            raise ValueError(f"setting {next(n for n in names if names.count(n) > 1)!r} is varied twice")
        for a in self.axes:
            field_kind(fam, a.field)
            if not a.values:
                raise ValueError(f"{a.field}: no values given")
        for k in self.base:
            field_kind(fam, k)
        if not self.metrics:
            raise ValueError("at least one metric is required")
        for m, s in self.metrics:
            if m not in fam.metrics:
                raise ValueError(
                    f"family {fam.name} has no metric {m!r}; its metrics: {', '.join(fam.metrics)}"
                )
            if s not in SUMMARY_STATS:
                raise ValueError(f"statistic must be one of {', '.join(SUMMARY_STATS)}; got {s!r}")
        if isinstance(self.read, str):
            if self.read not in READ_CHOICES:
                raise ValueError(f"generations to read: last, all or integers; got {self.read!r}")
        elif not self.read or any(isinstance(g, bool) or not isinstance(g, int) or g < 0 for g in self.read):
            raise ValueError(f"generations to read must be integers >= 0; got {self.read!r}")
        if (
            isinstance(self.root_seed, bool)
            or not isinstance(self.root_seed, int)
            or not 0 <= self.root_seed <= MAX_SEED
        ):
            raise ValueError(f"seed must be an integer from 0 to {MAX_SEED}; got {self.root_seed!r}")
        if self.engine not in fam.engines:
            raise ValueError(
                f"engine must be one of {', '.join(fam.engines)} for the {fam.name} family; "
                f"got {self.engine!r}"
            )
        if self.n_cells > MAX_CELLS:
            raise ValueError(f"{self.n_cells:,} cells; a sweep holds at most {MAX_CELLS:,}")

    @property
    def fam(self):
        return families.get(self.family)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(a.field for a in self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a.values) for a in self.axes)

    @property
    def n_cells(self) -> int:
        return math.prod(self.shape)

    def seeds(self) -> list[int]:
        return cell_seeds(self.root_seed, self.n_cells)

    def cell_values(self, index: int) -> dict:
        pos = np.unravel_index(index, self.shape)
        return {a.field: a.values[int(p)] for a, p in zip(self.axes, pos, strict=True)}

    def cell(self, index: int, seed: int | None = None) -> Cell:
        """Cell `index` with its config (ValueError naming the field for a value the family
        refuses)."""
        if not 0 <= index < self.n_cells:
            raise IndexError(f"cell {index} outside 0..{self.n_cells - 1}")
        values = self.cell_values(index)
        seed = self.seeds()[index] if seed is None else seed
        try:
            cfg = self.fam.config(**{**self.base, **values, "seed": seed})
        except ValueError as exc:
            where = ", ".join(f"{k}={v}" for k, v in values.items())
            raise type(exc)(f"cell {where}: {exc}") from None
        return Cell(index, values, seed, cfg)

    def cells(self) -> list[Cell]:
        seeds = self.seeds()
        return [self.cell(i, seeds[i]) for i in range(self.n_cells)]

    def read_generations(self, cfg) -> list[int]:
        if self.read == "last":
            return [cfg.generations]
        if self.read == "all":
            return list(range(cfg.generations + 1))
        too_late = [g for g in self.read if g > cfg.generations]
        if too_late:
            raise ValueError(f"generation {too_late[0]} to read is beyond generations={cfg.generations}")
        return list(self.read)

    def validate_cells(self, budget=None, grid=None) -> list[Cell]:
        """Every cell's config, engine and (with a budget) the family's work budget, checked
        before any cell runs; with `grid`, also the whole sweep's predicted CPU-seconds (the
        sum over cells) against that budget's CPU limit."""
        fam = self.fam
        out = self.cells()
        engines = []
        for c in out:
            self.read_generations(c.config)
            name, _ = fam.choose_engine(c.config, self.engine)
            engines.append(name)
            if budget is not None:
                fam.check_budget(c.config, engine=name, budget=budget)
        if grid is not None:
            check_grid(self, out, engines, grid)
        return out

    def asdict(self) -> dict:
        return {
            "family": self.family,
            "base": dict(self.base),
            "axes": [a.asdict() for a in self.axes],
            "metrics": [{"metric": m, "statistic": s} for m, s in self.metrics],
            "read": self.read if isinstance(self.read, str) else list(self.read),
            "root_seed": self.root_seed,
            "engine": self.engine,
            "n_cells": self.n_cells,
            "seed_derivation": SEED_DERIVATION,
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> SweepSpec:
        read = d.get("read", "last")
        return cls(
            family=d["family"],
            base=dict(d.get("base", {})),
            axes=tuple(Axis(a["field"], tuple(a["values"])) for a in d["axes"]),
            metrics=tuple((m["metric"], m["statistic"]) for m in d["metrics"]),
            read=read if isinstance(read, str) else tuple(read),
            root_seed=d.get("root_seed", 0),
            engine=d.get("engine", "auto"),
        )

    def command_line(self, out: str = "sweep.parquet") -> str:
        """The equivalent `python -m collapse_core sweep ...` command."""
        parts = ["python", "-m", "collapse_core", "sweep", "--family", self.family]
        for k, v in self.base.items():
            parts += [f"--{k.replace('_', '-')}", str(v)]
        for a in self.axes:
            parts += ["--vary", f"{a.field}={','.join(str(v) for v in a.values)}"]
        for m, s in self.metrics:
            parts += ["--metric", f"{m}:{s}"]
        if self.read != "last":
            parts += [
                "--at-generation",
                self.read if isinstance(self.read, str) else ",".join(map(str, self.read)),
            ]
        if self.engine != "auto":
            parts += ["--engine", self.engine]
        parts += ["--seed", str(self.root_seed), "--out", out]
        return shlex.join(parts)


def predicted_cpu_seconds(spec: SweepSpec, cells=None, engines=None) -> tuple[float, float]:
    """(sum, largest) of the cells' predicted CPU-seconds; cells of a family without a cost
    model count 0."""
    from collapse_core import budget as budget_mod

    cells = spec.cells() if cells is None else cells
    if engines is None:
        engines = [spec.fam.choose_engine(c.config, spec.engine)[0] for c in cells]
    costs = [budget_mod.predict(c.config, e) for c, e in zip(cells, engines, strict=True)]
    secs = [c.cpu_seconds for c in costs if c is not None]
    return float(sum(secs)), float(max(secs, default=0.0))


def check_grid(spec: SweepSpec, cells, engines, grid) -> None:
    """WorkBudgetError when the whole sweep's predicted CPU-seconds exceed grid.cpu_seconds:
    a grid of cells each within the per-run budget can still be far too much in all."""
    from collapse_core.budget import WorkBudgetError

    total, largest = predicted_cpu_seconds(spec, cells, engines)
    if total > grid.cpu_seconds:
        raise WorkBudgetError(
            f"the whole sweep would take about {total:,.0f} CPU-seconds ({spec.n_cells:,} cells, the largest "
            f"{largest:,.0f}), over the {grid.name} budget of {grid.cpu_seconds:,.0f} CPU-seconds for a sweep; "
            "use fewer cells (fewer --vary values) or fewer replicates, generations or a smaller sample size per cell"
        )


def replicate_generations(spec: SweepSpec) -> int:
    """Sum over cells of R x (G + 1): the sweep's result cells, a size measure for budgets."""
    total = 0
    base_r = spec.base.get("replicates", _default(spec, "replicates"))
    base_g = spec.base.get("generations", _default(spec, "generations"))
    for combo in itertools.product(*(a.values for a in spec.axes)):
        v = dict(zip(spec.fields, combo, strict=True))
        total += v.get("replicates", base_r) * (v.get("generations", base_g) + 1)
    return total


def _default(spec: SweepSpec, name: str):
    return {f.name: f.default for f in dataclasses.fields(spec.fam.config)}[name]


# The interactive budget: a sweep on a page gets SWEEP_PAGE_RUNS page runs' worth of work in
# all (the family's INTERACTIVE budget, its additive quantities split over the cells; memory
# limits stay per cell), and at most INTERACTIVE_CELLS cells.
SWEEP_PAGE_RUNS = 2.0
INTERACTIVE_CELLS = 441


def interactive_budget(n_cells: int):
    """The family budget each cell of an interactive sweep of n_cells must fit."""
    from collapse_core.budget import INTERACTIVE

    share = SWEEP_PAGE_RUNS / max(n_cells, 1)
    return dataclasses.replace(
        INTERACTIVE,
        name=f"interactive sweep ({n_cells} cells)",
        cpu_seconds=INTERACTIVE.cpu_seconds * share,
        result_cells=INTERACTIVE.result_cells * share,
    )


def check_interactive(spec: SweepSpec) -> None:
    """Raise WorkBudgetError, naming the command-line equivalent, for a sweep too large for a
    page (more than INTERACTIVE_CELLS cells, or a cell over its share of the budget)."""
    from collapse_core.budget import WorkBudgetError

    cmd = spec.command_line()
    if spec.n_cells > INTERACTIVE_CELLS:
        raise WorkBudgetError(
            f"{spec.n_cells} cells is more than the {INTERACTIVE_CELLS} a page runs; "
            f"run it from the command line: {cmd}"
        )
    try:
        spec.validate_cells(interactive_budget(spec.n_cells))
    except WorkBudgetError as exc:
        raise WorkBudgetError(
            f"per cell, with the page's budget split over {spec.n_cells} cells: {exc}. "
            f"Use fewer cells, or run it from the command line: {cmd}"
        ) from None
