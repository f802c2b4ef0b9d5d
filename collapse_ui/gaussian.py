"""The Gaussian page's settings, how they become a GaussianConfig, and what its charts need."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import plotly.graph_objects as go

from collapse_core import REAL_SOURCES, REGIMES, GaussianConfig
from collapse_core.gaussian import ESTIMATORS, expected_moments, typical_variance_ratio
from collapse_core.gaussian.metrics import TAIL_KS
from collapse_core.gaussian.theory import accumulate_limit, stationary_variance_ratio
from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest
from collapse_ui.figures import density, drift, tails, variance
from collapse_ui.params import BoolParam, ChoiceParam, FloatParam, IntParam, LadderParam

# 1-2-5 per decade: equal slider steps are equal ratios, so 2 and 10^6 are both reachable.
SAMPLE_SIZES = tuple(m * 10**e for e in range(7) for m in (1, 2, 5) if 2 <= m * 10**e <= 10**6)
REPLICATE_COUNTS = (10, 20, 50, 100, 200, 500, 1000)
MAX_GENERATIONS = 5000
# The seed box is a browser number field: integers above 2^53 lose digits in JavaScript.
MAX_SEED = 2**53 - 1
DEFAULT_GENERATIONS = 200

PARAMS = (
    LadderParam(
        name="sample_size", label="Sample size per generation", default=100, options=SAMPLE_SIZES,
        help="How many points each new model is fitted on. Fewer points: faster collapse.",
    ),
    IntParam(
        name="generations", label="Generations", default=DEFAULT_GENERATIONS, low=1, high=MAX_GENERATIONS,
        help="How many times a model is fitted to data sampled from the model before it.",
    ),
    FloatParam(
        name="real_fraction", label="Share of real data", default=0.0, low=0.0, high=1.0, step=0.01,
        help="The share of each generation's training data that is real rather than sampled "
        "from the previous model.",
    ),
    ChoiceParam(
        name="regime", label="Training data each generation", default="replace", options=REGIMES,
        labels={
            "replace": "Replace: the newest data only",
            "accumulate": "Accumulate: all data so far",
            "accumulate-subsample": "Accumulate, then draw a sample from it",
        },
    ),
    ChoiceParam(
        name="real_source", label="Real data comes from", default="fresh", options=REAL_SOURCES,
        labels={"fresh": "Fresh draws every generation", "fixed": "The same original sample, reused"},
        help="Only matters when the share of real data is above zero.",
    ),
    ChoiceParam(
        name="estimator", label="Variance estimate", default="mle", options=ESTIMATORS,
        labels={"mle": "Maximum likelihood (divide by n)", "unbiased": "Unbiased (divide by n − 1)"},
        help="Maximum likelihood is what the paper's experiments use; the unbiased estimate "
        "removes the average shrink of a single step, yet the chain still collapses.",
    ),
    LadderParam(
        name="replicates", label="Chains run side by side", default=200, options=REPLICATE_COUNTS,
        help="Independent chains with the same settings; the band shows where 90% of them lie.",
    ),
    IntParam(
        name="seed", label="Seed", default=1, low=0, high=MAX_SEED,
        help="Fixes the random numbers: the same seed and settings always give the same picture.",
    ),
    BoolParam(name="log_y", label="Logarithmic variance axis", default=False,
              help="Shows very small variances, which a linear axis flattens onto zero."),
    IntParam(
        name="show_generation", label="Show the fitted model at generation", default=DEFAULT_GENERATIONS,
        low=0, high=MAX_GENERATIONS,
        help="Adds this generation's fitted bell curve to the density chart.",
    ),
)

TOO_LARGE_TIP = (
    "Replace and Accumulate run on the exact engine, whose cost does not grow with the sample "
    "size: a million points per generation is as quick as ten."
)

CONFIG_FIELDS = ("sample_size", "generations", "replicates", "seed", "regime", "real_fraction",
                 "real_source", "estimator")

BAND_METRICS = ("variance_ratio", "mean_drift", "wasserstein2", *(f"tail_ratio_{k}sigma" for k in TAIL_KS))
CHAIN_METRICS = ("variance_ratio", "mean_drift", "wasserstein2", "mean", "log_variance_ratio")


def preset_hints(preset) -> dict:
    """Display settings a preset implies: the picker on its last generation; a log axis where
    the story is a median collapsing by orders of magnitude."""
    return {"show_generation": preset.config.generations, "log_y": preset.name == "mle-vs-unbiased"}


def config_from(values: dict[str, Any]) -> GaussianConfig:
    return GaussianConfig(**{name: values[name] for name in CONFIG_FIELDS})


def theory_curves(cfg: GaussianConfig) -> dict:
    """Every closed form that applies, under the names the figure builders look for."""
    out: dict = {}
    moments = expected_moments(cfg)
    if moments is not None:
        out["expected_variance_ratio"] = moments["variance_ratio"]
        out["rms_mean_drift"] = moments["mean_drift_sq"] ** 0.5
    typical = typical_variance_ratio(cfg)
    if typical is not None:
        out["median_variance_ratio"] = typical["median"]
    for name, fn in (("accumulate_limit", accumulate_limit), ("stationary_variance_ratio", stationary_variance_ratio)):
        value = fn(cfg)
        if value is not None and math.isfinite(value):
            out[name] = value
    return out


def digest_result(result: Result) -> ChainDigest:
    return digest(result, BAND_METRICS, CHAIN_METRICS, theory_curves(result.config))


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
    return [Chart(fig.layout.title.text, fig, module.caption(d)) for module, fig in built]


def settings_line(values: dict[str, Any]) -> str:
    """The settings and seed in one line, for captions under exported charts."""
    real = values["real_fraction"]
    mix = "no real data" if real == 0 else f"{real:.0%} real data ({values['real_source']})"
    estimator = "MLE (÷n)" if values["estimator"] == "mle" else "unbiased (÷n−1)"
    return (f"Gaussian · M = {values['sample_size']:,} per generation · {values['generations']:,} generations · "
            f"{values['regime']} · {mix} · {estimator} · {values['replicates']:,} chains · "
            f"seed {values['seed']}")


def file_stem(values: dict[str, Any]) -> str:
    """A file name carrying the page, the key settings and the seed (letters, digits, - and _)."""
    real = f"_real{round(100 * values['real_fraction'])}{values['real_source']}" if values["real_fraction"] else ""
    return (f"gaussian_M{values['sample_size']}_G{values['generations']}_{values['regime']}"
            f"_{values['estimator']}{real}_R{values['replicates']}_seed{values['seed']}")
