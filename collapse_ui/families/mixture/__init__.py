"""The mixture page ("The modes die"): settings, page spec, headlines, charts (the digest:
digest.py; charts: figures/).

A mixture of K Gaussians is refitted by EM to samples of its own previous fit. Nothing here
imports Streamlit: `charts(digest, values)` returns the page's figures with their titles and
captions, so the page and the export share one builder.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import plotly.graph_objects as go

from collapse_core.mixture import MixtureConfig, minority
from collapse_core.mixture.metrics import LOST_WEIGHT_FRACTION
from collapse_ui import chain_params
from collapse_ui.families.mixture.digest import BAND_METRICS, CHAIN_METRICS, MixtureDigest, digest_result  # noqa: F401 (the page's digest)
from collapse_ui.families.mixture.figures import modes as mixture_modes
from collapse_ui.families.mixture.figures import picture as mixture_picture
from collapse_ui.families.mixture.figures import spread as mixture_spread
from collapse_ui.families.mixture.figures import weights as mixture_weights
from collapse_ui.families.mixture.on_data import data_chart
from collapse_ui.headlines import Headline, percent, share
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.own_data.param import DATA
from collapse_ui.params import ChoiceParam, FloatParam, IntParam, LadderParam
from collapse_ui.registry import PageSpec

MAX_GENERATIONS = 2000
DEFAULT_GENERATIONS = 100
SAMPLE_SIZES = tuple(v for v in chain_params.LADDER if 10 <= v <= 10_000)

PARAMS = (
    ChoiceParam(
        name="dimension",
        label="Space",
        default="1",
        options=("1", "2"),
        labels={"1": "1-D: modes on a line", "2": "2-D: modes on a circle"},
        help="Where the points live. In 2-D each component has a full covariance (an ellipse).",
    ),
    IntParam(
        name="components",
        label="Modes (components)",
        default=3,
        low=2,
        high=8,
        help="K: the truth has K equally likely modes, and every fitted mixture has K components.",
    ),
    FloatParam(
        name="separation",
        label="Distance between neighbouring modes",
        default=4.0,
        low=2.0,
        high=10.0,
        step=0.5,
        help="In true standard deviations. Far-apart modes are easy to tell apart; close ones blur.",
    ),
    FloatParam(
        name="minority_weight",
        label="Minority mode's weight (0: all equal)",
        default=0.0,
        low=0.0,
        high=0.3,
        step=0.01,
        help="The truth weight of the leftmost mode (the first on the circle), below 1/K; the other "
        "modes share the rest. Rare modes are the first to go.",
    ),
    LadderParam(
        name="sample_size",
        label="Points per generation",
        default=100,
        options=SAMPLE_SIZES,
        help="How many points each new mixture is fitted on. Fewer points: modes die sooner.",
    ),
    dataclasses.replace(chain_params.GENERATIONS, default=DEFAULT_GENERATIONS, high=MAX_GENERATIONS),
    chain_params.REGIME,
    chain_params.REAL_FRACTION,
    chain_params.REAL_SOURCE,
    # 500 chains are two stream blocks: over the interactive budget at most settings, they run
    # on the cluster (collapse_ui/heavy_run.py) where the page batch budget allows.
    dataclasses.replace(chain_params.REPLICATES, default=50, options=(10, 20, 50, 100, 200, 500)),
    chain_params.SEED,
    DATA,
    IntParam(
        name="show_generation",
        label="Show the fitted mixture at generation",
        default=DEFAULT_GENERATIONS,
        low=0,
        high=MAX_GENERATIONS,
        help="The picture chart shows chain 1's fitted mixture at this generation.",
    ),
)
PARAMS, _config_from = chain_params.settings(PARAMS, MixtureConfig, {"dimension": int})


def config_from(values: dict[str, Any]) -> MixtureConfig:
    """With your data (one column) the space is 1-D whatever the link's dimension says."""
    return _config_from({**values, "dimension": "1"} if values.get("data") else values)


TOO_LARGE_TIP = (
    "Every generation runs EM on every point of every chain. Try fewer chains, generations or "
    "points per generation; accumulate refits all data so far, so it is the most expensive regime."
)


def preset_hints(preset) -> dict:
    """The dimension as the page's choice text; the picker on the last generation."""
    return {"dimension": str(preset.config.dimension), "show_generation": preset.config.generations}


def charts(d: MixtureDigest, values: dict[str, Any]) -> list[tuple[str, go.Figure, str]]:
    """The page's charts in order: (title, figure, caption)."""
    picked = min(int(values["show_generation"]), d.last)
    figs = [
        (mixture_modes, mixture_modes.figure(d)),
        (mixture_picture, mixture_picture.figure(d, picked=picked)),
        (mixture_weights, mixture_weights.figure(d)),
    ]
    out = [*data_chart(d, values), *((fig.layout.title.text, fig, module.caption(d)) for module, fig in figs)]
    out.append((mixture_spread.TITLE, mixture_spread.figure(d), mixture_spread.caption(d)))
    out.append((mixture_spread.TAIL_TITLE, mixture_spread.tail_figure(d), mixture_spread.tail_caption(d)))
    return out


def stage_figure(d: MixtureDigest, values: dict[str, Any] | None = None) -> go.Figure:
    return mixture_modes.figure(d)


def first_loss(d: MixtureDigest) -> int | None:
    alive = d.bands["modes_alive"].median
    hits = np.flatnonzero(alive < d.config.components)
    return int(d.generations[hits[0]]) if hits.size else None


def minority_headline(d: MixtureDigest) -> Headline | None:
    """The minority's share at the last generation and when it fell below half its true share
    (None: no minority chosen, or a digest without the medians)."""
    share_path = getattr(d, "lead_medians", {}).get("minority_share")
    if share_path is None or not minority.active(d.config):
        return None
    below = np.flatnonzero(share_path < 0.5)
    when = (
        f"it fell below half of that at generation {int(d.generations[below[0]]):,}"
        if below.size
        else (f"it never fell below half of that within {d.last:,} generations")
    )
    true_w = float(minority.truth_weights(d.config)[minority.index(d.config)])
    return Headline(
        "Minority's share",
        f"{share_path[-1]:.0%} of its true share",
        f"At generation {d.last:,} the median chain gives the rare mode {percent(true_w * share_path[-1])} "
        f"of the weight, against its true {percent(true_w)}; {when}.",
    )


def headlines(d: MixtureDigest) -> list[Headline]:
    rare = minority_headline(d)
    return base_headlines(d) + ([rare] if rare is not None else [])


def base_headlines(d: MixtureDigest) -> list[Headline]:
    k, last = d.config.components, d.last
    alive = float(d.bands["modes_alive"].median[-1])
    lost_at = first_loss(d)
    return [
        Headline(
            "Modes alive",
            f"{alive:g} of {k}",
            f"At generation {last:,}: the median chain's live modes (components holding at least "
            f"{LOST_WEIGHT_FRACTION:g}/K of the weight, not merged with a heavier one).",
        ),
        Headline(
            "First mode lost",
            f"gen. {lost_at:,}" if lost_at is not None else "never",
            "The first generation at which the median chain has fewer live modes than the truth "
            f"(never: not within the {last:,} generations run).",
        ),
        Headline(
            "Smallest mode's share",
            percent(float(d.bands["min_weight"].median[-1])),
            f"At generation {last:,}: the median chain's smallest component weight; the truth gives "
            f"each mode {percent(1 / k)}.",
        ),
        Headline(
            "Truth modes covered",
            percent(float(d.bands["truth_coverage"].median[-1])),
            f"At generation {last:,}: the share of the truth's modes that the median chain still has a "
            "live component near (within one true standard deviation).",
        ),
    ]


def settings_line(values: dict[str, Any]) -> str:
    real = values["real_fraction"]
    mix = "no real data" if real == 0 else f"{real:.0%} real data ({values['real_source']})"
    truth = (
        f"your data set {values['data'][:12]} · K = {values['components']} components"
        if values.get("data")
        else f"{values['dimension']}-D · K = {values['components']} modes {values['separation']:g} SD apart"
    )
    return (
        f"Gaussian mixture · {truth} · M = {values['sample_size']:,} per generation · "
        f"{values['generations']:,} generations · {values['regime']} · {mix} · "
        f"{values['replicates']:,} chains · seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    real = chain_params.real_stem(values)
    return (
        f"mixture_{values['dimension']}d_K{values['components']}_sep{values['separation']:g}"
        f"_M{values['sample_size']}_G{values['generations']}_{values['regime']}{real}"
        f"_R{values['replicates']}_seed{values['seed']}"
    ).replace(".", "p")


CONTRASTS = (*DEFAULT_CONTRASTS, Contrast("dimension", "1-D vs 2-D", flip("dimension", "1", "2")))

QUESTION = Question(
    metric="truth_coverage",
    threshold=0.5,
    ask=lambda g: (
        f"After {g:,} generations, will the typical chain still cover **above** or **below** "
        "half of the truth's modes?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations the median chain covers **{share(v)}** of the truth's "
        f"modes: {'above' if v > 0.5 else 'below'} half."
    ),
)


PAGE = PageSpec(
    name="mixture",
    url_path="mixture",
    title="The modes die: a Gaussian mixture fitted to its own samples",
    nav_title="The modes die",
    icon=":material/bubble_chart:",
    section="More models",
    script="pages/mixture.py",
    params=PARAMS,
    config_from=config_from,
    digest=digest_result,
    charts=charts,
    stage_figure=stage_figure,
    headlines=headlines,
    settings_line=settings_line,
    file_stem=file_stem,
    max_generations=MAX_GENERATIONS,
    too_large_tip=TOO_LARGE_TIP,
    preset_hints=preset_hints,
    contrasts=CONTRASTS,
    question=QUESTION,
)
