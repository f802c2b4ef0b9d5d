"""The toy family's UI, as a family's UI package is laid out (collapse_ui/families/<name>/):
the page spec written out here, the digest in digest.py, the charts in figures/, the settings
below. Its page script is tests/toy_page.py."""

from __future__ import annotations

import dataclasses

from collapse_ui import chain_params
from collapse_ui.headlines import Headline
from collapse_ui.kit import DEFAULT_CONTRASTS
from collapse_ui.params import FloatParam
from collapse_ui.registry import PageSpec
from tests.toy_family import PoissonConfig
from tests.toy_ui.digest import digest_result
from tests.toy_ui.figures import rate

PARAMS = (
    chain_params.SAMPLE_SIZE,
    dataclasses.replace(chain_params.GENERATIONS, default=20),
    chain_params.REGIME,
    chain_params.REAL_FRACTION,
    chain_params.REAL_SOURCE,
    dataclasses.replace(chain_params.REPLICATES, default=50),
    chain_params.SEED,
    FloatParam(name="rate0", label="True rate", default=3.0, low=0.1, high=100.0, step=0.1),
)
PARAMS, config_from = chain_params.settings(PARAMS, PoissonConfig)

PAGE = PageSpec(
    name="toy-poisson",
    url_path="toy-poisson",
    title="A toy Poisson page",
    nav_title="Toy Poisson",
    icon=":material/science:",
    section="More models",
    script="tests/toy_page.py",
    params=PARAMS,
    config_from=config_from,
    digest=digest_result,
    charts=lambda d, values: [(rate.TITLE, rate.figure(d), "The fitted rate over generations.")],
    stage_figure=lambda d, values=None: rate.figure(d),
    headlines=lambda d: [Headline("Rate left", f"{d.bands['rate_ratio'].median[-1]:.0%}", "median")],
    settings_line=lambda values: f"toy · seed {values['seed']}",
    file_stem=lambda values: f"toy_seed{values['seed']}" + chain_params.real_stem(values),
    max_generations=chain_params.MAX_GENERATIONS,
    contrasts=DEFAULT_CONTRASTS,
)
