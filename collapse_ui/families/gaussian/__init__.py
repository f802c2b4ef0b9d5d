"""The Gaussian page: settings, page spec and charts (the digest: digest.py; headlines:
headlines.py; charts: figures/)."""

from __future__ import annotations

from typing import Any, NamedTuple

import plotly.graph_objects as go

from collapse_core import GaussianConfig
from collapse_core.gaussian import ESTIMATORS
from collapse_core.gaussian.weighting import WEIGHTINGS
from collapse_core.userdata import store
from collapse_ui import chain_params
from collapse_ui.digest import ChainDigest
from collapse_ui.families.gaussian.digest import BAND_METRICS, CHAIN_METRICS, digest_result  # noqa: F401 (the page's digest)
from collapse_ui.families.gaussian.figures import density, drift, tails, variance
from collapse_ui.families.gaussian.headlines import headlines
from collapse_ui.figures import axis, collapse
from collapse_ui.headlines import share
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.own_data import figure as data_figure
from collapse_ui.own_data.param import DATA
from collapse_ui.params import AxisParam, ChoiceParam, FloatParam, IntParam
from collapse_ui.registry import PageSpec

MAX_GENERATIONS = chain_params.MAX_GENERATIONS
DEFAULT_GENERATIONS = chain_params.DEFAULT_GENERATIONS

PARAMS = (
    chain_params.SAMPLE_SIZE,
    chain_params.GENERATIONS,
    chain_params.REAL_FRACTION,
    chain_params.REGIME,
    chain_params.REAL_SOURCE,
    ChoiceParam(
        name="estimator",
        label="Variance estimate",
        default="mle",
        options=ESTIMATORS,
        labels={"mle": "Maximum likelihood (divide by n)", "unbiased": "Unbiased (divide by n − 1)"},
        help="Maximum likelihood is what the paper's experiments use; the unbiased estimate "
        "removes the average shrink of a single step, yet the chain still collapses.",
    ),
    ChoiceParam(
        name="weighting",
        label="Real and synthetic data",
        default="pool",
        options=WEIGHTINGS,
        labels={
            "pool": "Pooled: one fit to all of it",
            "weighted": "Weighted: fitted apart, real part weighted",
            "optimal": "Optimal weight (1/φ ≈ 0.618 for equal parts)",
        },
        help="He, Xu and Cheng (2025): fit the fresh real and the synthetic points apart and combine "
        "the two fits with a weight on the real one. For equally many of each, the weight that keeps "
        "the fitted mean closest to the truth is 1/φ ≈ 0.618, the golden ratio's reciprocal. Needs "
        "fresh real data with Replace.",
    ),
    FloatParam(
        name="real_weight",
        label="Weight on the real data",
        default=0.5,
        low=0.01,
        high=1.0,
        step=0.01,
        help="The share of the fitted mean and variance taken from the real points' own fit; the "
        "rest comes from the synthetic points' fit.",
    ),
    FloatParam(
        name="correction",
        label="Self-correction strength γ",
        default=0.0,
        low=0.0,
        high=1.0,
        step=0.01,
        help="Gillman et al. (2024): before training, every synthetic point is moved this share of "
        "the way to where the map onto the truth would put it (0: not at all; 1: the synthetic data "
        "become draws from the truth). A small γ already stops the collapse.",
    ),
    FloatParam(
        name="verifier_width",
        label="Verifier keeps points within (true SDs)",
        default=0.0,
        low=0.0,
        high=6.0,
        step=0.1,
        help="Feng et al. (2024): only the synthetic points within this many true standard deviations "
        "of the verifier's centre are trained on (0: no verifier). The points are drawn until enough "
        "are accepted.",
    ),
    FloatParam(
        name="verifier_centre",
        label="Verifier's centre, off the truth (true SDs)",
        default=0.0,
        low=-3.0,
        high=3.0,
        step=0.1,
        help="Yi et al. (2026): a verifier knows only what it knows; off the truth's mean, it pulls "
        "the chain toward its own centre, and the error stops falling at its own offset.",
    ),
    chain_params.REPLICATES,
    chain_params.SEED,
    DATA,
    AxisParam(
        name="log_y",
        label="Variance axis",
        help="Automatic: logarithmic when the median spans more than two powers of ten (a linear "
        "axis would flatten the small variances onto zero), linear otherwise.",
    ),
    IntParam(
        name="show_generation",
        label="Show the fitted model at generation",
        default=DEFAULT_GENERATIONS,
        low=0,
        high=MAX_GENERATIONS,
        help="Adds this generation's fitted bell curve to the density chart.",
    ),
)
PARAMS, config_from = chain_params.settings(PARAMS, GaussianConfig)

TOO_LARGE_TIP = (
    "Replace and Accumulate run on the exact engine, whose cost does not grow with the sample "
    "size: a million points per generation is as quick as ten."
)


def preset_hints(preset) -> dict:
    """Display settings a preset implies: the picker on its last generation; a log axis where
    the story is a median collapsing by orders of magnitude (elsewhere the automatic choice)."""
    return {
        "show_generation": preset.config.generations,
        "log_y": axis.LOG if preset.name == "mle-vs-unbiased" else axis.AUTO,
    }


class Chart(NamedTuple):
    """One chart as the page shows it and every export writes it."""

    title: str
    figure: go.Figure
    caption: str


def charts(d: ChainDigest, values: dict[str, Any]) -> list[Chart]:
    """The page's charts, in page order: the one list the page, the slide pack and the command
    line all draw, so what is exported is what is on the screen. Pure: no Streamlit."""
    picked = min(values["show_generation"], d.last)
    built = [
        (variance, variance.figure(d, log_y=values["log_y"])),
        (density, density.figure(d, picked=picked)),
        (tails, tails.figure(d)),
        (drift, drift.figure(d)),
    ]
    out = [Chart(fig.layout.title.text, fig, module.caption(d)) for module, fig in built]
    if values.get("data"):
        ds = store.get(values["data"])
        if ds is not None:
            col = next(iter(ds.columns))
            name = ds.name or col
            x = ds.numeric(col)
            fig = data_figure.figure(x, name, ds.unit, data_figure.gaussian_curves(d, x, density.fitted))
            out.insert(0, Chart(data_figure.TITLE, fig, data_figure.caption(d, name)))
    fig = collapse.figure(d, collapse.GAUSSIAN_LINES)
    out.append(
        Chart(collapse.TITLE, fig, collapse.caption(d, "collapsed", "lost all but 10⁻⁶ of the variance"))
    )
    return out


def settings_line(values: dict[str, Any]) -> str:
    """The settings and seed in one line, for captions under exported charts."""
    real = values["real_fraction"]
    mix = "no real data" if real == 0 else f"{real:.0%} real data ({values['real_source']})"
    estimator = "MLE (÷n)" if values["estimator"] == "mle" else "unbiased (÷n−1)"
    weighting = values.get("weighting", "pool")
    if weighting != "pool":
        w = "optimal" if weighting == "optimal" else f"{values['real_weight']:.2f}"
        mix += f", weight {w} on real data"
    if values.get("correction", 0.0):
        mix += f", self-correction γ = {values['correction']:.2f}"
    if values.get("verifier_width", 0.0):
        mix += f", verifier ±{values['verifier_width']:.1f} SD about {values['verifier_centre']:+.1f} SD"
    return (
        f"Gaussian · M = {values['sample_size']:,} per generation · {values['generations']:,} generations · "
        f"{values['regime']} · {mix} · {estimator} · {values['replicates']:,} chains · "
        f"seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    """A file name carrying the page, the key settings and the seed (letters, digits, - and _)."""
    real = chain_params.real_stem(values)
    weighting = values.get("weighting", "pool")
    if weighting == "optimal":
        real += "_wopt"
    elif weighting == "weighted":
        real += f"_w{round(values['real_weight'] * 100)}"
    if values.get("correction", 0.0):
        real += f"_gamma{round(values['correction'] * 100)}"
    if values.get("verifier_width", 0.0):
        real += f"_verify{round(values['verifier_width'] * 10)}c{round(values['verifier_centre'] * 10)}"
    return (
        f"gaussian_M{values['sample_size']}_G{values['generations']}_{values['regime']}"
        f"_{values['estimator']}{real}_R{values['replicates']}_seed{values['seed']}"
    )


def stage_figure(d: ChainDigest, values: dict[str, Any]) -> go.Figure:
    """The chart the classroom's player and compare mode show."""
    return variance.figure(d, log_y=values["log_y"])


CONTRASTS = (
    *DEFAULT_CONTRASTS,
    Contrast("estimator", "MLE vs unbiased estimator", flip("estimator", "mle", "unbiased")),
)

QUESTION = Question(
    metric="variance_ratio",
    threshold=0.5,
    ask=lambda g: (
        f"After {g:,} generations, will the typical chain's variance be **above** or "
        f"**below** half of the truth's?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations the median chain's variance is **{share(v)}** of "
        f"the truth's: {'above' if v > 0.5 else 'below'} half."
    ),
    estimate=lambda g: (
        f"After {g:,} generations, what share of the true variance does the typical "
        f"chain keep? Answer in percent (100 = all of it)."
    ),
)

PAGE = PageSpec(
    name="gaussian",
    url_path="gaussian",
    title="A bell curve fitted to its own samples",
    nav_title="Gaussian collapse",
    icon=":material/show_chart:",
    section="Watch it happen",
    script="pages/gaussian.py",
    params=PARAMS,
    config_from=config_from,
    digest=digest_result,
    charts=charts,
    stage_figure=stage_figure,
    settings_line=settings_line,
    file_stem=file_stem,
    max_generations=MAX_GENERATIONS,
    too_large_tip=TOO_LARGE_TIP,
    preset_hints=preset_hints,
    contrasts=CONTRASTS,
    question=QUESTION,
    headlines=headlines,
    default=True,
)
