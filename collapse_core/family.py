"""The Family record: everything the shared layers (simulate, CLI, presets, budgets, output)
need to know about one model family. Each family builds one in `<family>/family.py`; the
registry (collapse_core/families.py) lists them. Nothing shared names a family.

Modelled on msprime's models: a record per model with a class-level `name`, and one
name -> model map.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from collapse_core.config import ChainConfig


@dataclass(frozen=True)
class Formula:
    """A closed form the page's theory curves draw, with its value at a config (theory, not the
    simulation): label in words, the formula in LaTeX, and its value."""

    label: str
    latex: str
    value: float


@dataclass(frozen=True)
class Option:
    """One command-line option of a family, declared, not added to a parser by hand.

    The shared `simulate` parser holds every family's options; an option given for a family
    that does not declare it is refused with the name of the family it belongs to. Two
    families may declare the same flag (e.g. an estimator) if they declare it alike.

    Attributes:
        flag: e.g. "--truth".
        dest: the config field it sets.
        type: text -> value (int, float, str).
        help: one sentence; the default is appended.
        choices: allowed values, or None.
        metavar: the placeholder in --help.
    """

    flag: str
    dest: str
    type: Callable[[str], Any] = str
    help: str = ""
    choices: tuple | None = None
    metavar: str | None = None


@dataclass(frozen=True)
class Family:
    """A model family as the shared layers see it.

    Attributes:
        name: one name in every layer: the config's `family`, --family, presets, the UI's page.
        title: a few plain words ("one-dimensional Gaussian").
        config: the ChainConfig subclass (its class attribute `family` equals `name`).
        run: (cfg, engine, budget, chunk) -> Result; cfg's seed is already set, the budget
            already checked. Extra keyword arguments (family-specific) pass through simulate().
        engines: the names `engine=` accepts, "auto" first.
        choose_engine: (cfg, engine) -> (engine that runs, plain-words reason); raises
            ValueError for an engine that cannot run cfg.
        check_budget: (cfg, *, engine=engine that runs, budget=Budget) -> None, or raise
            WorkBudgetError naming the quantity over budget and what to change.
        cost: (cfg, engine that runs) -> collapse_core.budget.Cost, the predicted CPU-seconds
            and peak bytes of the run (a cost model calibrated by measurement, see
            bench/budget_calibration.py); None: the family predicts no cost (its check_budget
            is then its only limit).
        theory: cfg -> JSON-ready dict of closed forms that apply (lists per generation, floats).
        formulas: optional cfg -> [Formula, ...]: the closed forms behind theory's curves, with
            their values at cfg taken from theory(cfg) (the lecturer's panel), or None.
        metrics: metric name -> one-line description, in display order.
        options: the family's own command-line options (beyond the chain's).
        presets: the family's presets from the papers, in display order.
        describe: a paragraph for `--help` and docs (what the truth and the model are).
        summary: optional (Result, metric names) -> {metric: {stat: array}}, faster than
            summarising each metric on its own (e.g. from shared order statistics, see
            collapse_core/summary.py); None: each metric is summarised on its own.
        harm: metric -> collapse_core.lead_times.Harm, the direction in which the metric
            shows harm and whether it watches the tails/a minority or the average (what the
            lead-time table ranks); metrics left out are not ranked.
    """

    name: str
    title: str
    config: type[ChainConfig]
    run: Callable[..., Any]
    engines: tuple[str, ...]
    choose_engine: Callable[[Any, str], tuple[str, str]]
    check_budget: Callable[[Any, str, Any], None]
    theory: Callable[[Any], dict]
    metrics: Mapping[str, str]
    options: tuple[Option, ...] = ()
    presets: tuple = ()
    describe: str = ""
    summary: Callable[[Any, tuple[str, ...]], dict] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    cost: Callable[[Any, str], Any] | None = None
    formulas: Callable[[Any], list[Formula]] | None = None
    harm: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if getattr(self.config, "family", None) != self.name:
            raise ValueError(f"family {self.name!r}: {self.config.__name__}.family must be {self.name!r}")
        if not self.engines or self.engines[0] != "auto":
            raise ValueError(f"family {self.name!r}: engines must start with 'auto'")
        for p in self.presets:
            if p.family != self.name or p.config.family != self.name:
                raise ValueError(f"preset {p.name!r} is listed under family {self.name!r} but is not of it")

    def config_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(self.config))

    def default_config(self, **overrides) -> ChainConfig:
        return self.config(**overrides)
