"""A toy family defined entirely in the test suite: a Poisson rate refitted by its sample mean.

It proves the plug-in shape: registered from outside (no shared file edited), it must appear
in simulate(), the CLI, presets, the budget check, and, with its UI package tests/toy_ui/ and
page script tests/toy_page.py, in the navigation and the export registry.
Theory: the sample mean is unbiased, so E[rate_t] = rate0 under replace (a martingale), while
the chain is absorbed at 0 with probability 1 (collapse).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from collapse_core.budget import check_result_cells
from collapse_core.config import ChainConfig, check_real
from collapse_core.family import Family, Option
from collapse_core.presets import Preset
from collapse_core.result import Result
from collapse_core.streams import block_generators, block_slices


@dataclass(frozen=True)
class PoissonConfig(ChainConfig):
    rate0: float = 3.0
    family = "toy-poisson"

    def __post_init__(self) -> None:
        super().__post_init__()
        check_real("rate0", self.rate0, 0.0, 1e6, open_low=True)

    def asdict(self) -> dict:
        return {"family": self.family, **dataclasses.asdict(self)}


def _run(cfg, engine, reason, chunk=None):
    """Exact: the sum of M Poisson(rate) draws is Poisson(M rate). Replace, no real data only."""
    rate = np.empty((cfg.replicates, cfg.generations + 1))
    rate[:, 0] = cfg.rate0
    for rows, (gen,) in zip(
        block_slices(cfg.replicates), block_generators(cfg.seed, cfg.replicates, 1), strict=True
    ):
        for t in range(1, cfg.generations + 1):
            rate[rows, t] = gen.poisson(cfg.sample_size * rate[rows, t - 1]) / cfg.sample_size
    return Result(
        config=cfg,
        engine=engine,
        engine_reason=reason,
        arrays={"rate_ratio": rate / cfg.rate0},
        _metric_fn=lambda name, res: res.arrays[name],
        metric_names=("rate_ratio",),
    )


def _choose(cfg, engine):
    if cfg.regime != "replace" or cfg.real_fraction:
        raise ValueError("the toy family runs replace without real data only")
    return "exact", "the sum of Poisson draws is Poisson"


PRESET = Preset(
    name="toy-poisson-demo",
    family="toy-poisson",
    title="A Poisson rate drifts to zero",
    explanation="Toy.",
    citation="none",
    config=PoissonConfig(generations=20, replicates=50, seed=3),
)

FAMILY = Family(
    name="toy-poisson",
    title="Poisson rate (toy)",
    config=PoissonConfig,
    run=_run,
    engines=("auto", "exact"),
    choose_engine=_choose,
    check_budget=lambda cfg, *, engine, budget: check_result_cells(cfg, budget),
    theory=lambda cfg: {"expected_rate_ratio": [1.0] * (cfg.generations + 1)},
    metrics={"rate_ratio": "fitted rate / the true rate"},
    options=(Option("--rate0", "rate0", float, "the true Poisson rate"),),
    presets=(PRESET,),
)
