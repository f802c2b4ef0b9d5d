"""A toy family defined entirely in the test suite: a Poisson rate refitted by its sample mean.

It proves the plug-in shape: registered from outside (no shared file edited), it must appear
in simulate(), the CLI, presets, the budget check, the navigation and the export registry.
Theory: the sample mean is unbiased, so E[rate_t] = rate0 under replace (a martingale), while
the chain is absorbed at 0 with probability 1 (collapse).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from collapse_core.budget import check_result_cells
from collapse_core.config import ChainConfig, check_real
from collapse_core.family import Family, Option
from collapse_core.presets import Preset
from collapse_core.result import Result
from collapse_core.streams import block_generators, block_slices
from collapse_ui import chain_params
from collapse_ui.digest import digest
from collapse_ui.headlines import Headline
from collapse_ui.kit import DEFAULT_CONTRASTS
from collapse_ui.params import FloatParam
from collapse_ui.registry import PageSpec


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
    for rows, (gen,) in zip(block_slices(cfg.replicates), block_generators(cfg.seed, cfg.replicates, 1),
                            strict=True):
        for t in range(1, cfg.generations + 1):
            rate[rows, t] = gen.poisson(cfg.sample_size * rate[rows, t - 1]) / cfg.sample_size
    return Result(config=cfg, engine=engine, engine_reason=reason, arrays={"rate_ratio": rate / cfg.rate0},
                  _metric_fn=lambda name, res: res.arrays[name], metric_names=("rate_ratio",))


def _choose(cfg, engine):
    if cfg.regime != "replace" or cfg.real_fraction:
        raise ValueError("the toy family runs replace without real data only")
    return "exact", "the sum of Poisson draws is Poisson"


PRESET = Preset(name="toy-poisson-demo", family="toy-poisson", title="A Poisson rate drifts to zero",
                explanation="Toy.", citation="none", config=PoissonConfig(generations=20, replicates=50, seed=3))

FAMILY = Family(
    name="toy-poisson", title="Poisson rate (toy)", config=PoissonConfig, run=_run, engines=("auto", "exact"),
    choose_engine=_choose, check_budget=lambda cfg, *, engine, budget: check_result_cells(cfg, budget),
    theory=lambda cfg: {"expected_rate_ratio": [1.0] * (cfg.generations + 1)},
    metrics={"rate_ratio": "fitted rate / the true rate"},
    options=(Option("--rate0", "rate0", float, "the true Poisson rate"),), presets=(PRESET,),
)


def _config_from(values):
    return PoissonConfig(**{k: values[k] for k in (*chain_params.CHAIN_FIELDS, "rate0")})


def _figure(d, values=None):
    fig = go.Figure(go.Scatter(x=d.generations, y=d.bands["rate_ratio"].median, name="median"))
    fig.update_layout(title="Rate ratio")
    return fig


PAGE = PageSpec(
    name="toy-poisson", url_path="toy-poisson", title="A toy Poisson page", nav_title="Toy Poisson",
    icon=":material/science:", section="More models", script="tests/toy_page.py",
    params=(*(p for p in (chain_params.SAMPLE_SIZE, dataclasses.replace(chain_params.GENERATIONS, default=20),
                          chain_params.REGIME, chain_params.REAL_FRACTION, chain_params.REAL_SOURCE,
                          dataclasses.replace(chain_params.REPLICATES, default=50), chain_params.SEED)),
            FloatParam(name="rate0", label="True rate", default=3.0, low=0.1, high=100.0, step=0.1)),
    config_from=_config_from,
    digest=lambda res: digest(res, ("rate_ratio",), ("rate_ratio",), {}),
    charts=lambda d, values: [("Rate ratio", _figure(d), "The fitted rate over generations.")],
    stage_figure=_figure,
    headlines=lambda d: [Headline("Rate left", f"{d.bands['rate_ratio'].median[-1]:.0%}", "median")],
    settings_line=lambda values: f"toy · seed {values['seed']}",
    file_stem=lambda values: f"toy_seed{values['seed']}",
    max_generations=chain_params.MAX_GENERATIONS,
    contrasts=DEFAULT_CONTRASTS,
)
