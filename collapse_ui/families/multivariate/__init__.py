"""The multivariate Gaussian page: settings, page spec, headlines, charts (the digest:
digest.py; charts: figures/).

A d-dimensional Gaussian with full covariance is refitted, generation after generation, to its
own samples: the 2-D ellipse shrinks and turns; in more dimensions the spectrum collapses, the
smallest direction first. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import plotly.graph_objects as go

from collapse_core.multivariate import ESTIMATORS, MultivariateConfig
from collapse_core.multivariate.config import MAX_DIMENSION
from collapse_ui import chain_params
from collapse_ui.families.multivariate.digest import (  # noqa: F401 (the page's digest)
    BAND_METRICS,
    CHAIN_METRICS,
    MvnDigest,
    digest_result,
)
from collapse_ui.families.multivariate.figures import ellipse as mvn_ellipse
from collapse_ui.families.multivariate.figures import extremes as mvn_extremes
from collapse_ui.families.multivariate.figures import size as mvn_size
from collapse_ui.families.multivariate.figures import spectrum as mvn_spectrum
from collapse_ui.figures import axis
from collapse_ui.headlines import Headline, percent, share
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.params import AxisParam, ChoiceParam, FloatParam, IntParam, LadderParam
from collapse_ui.registry import PageSpec

MAX_GENERATIONS = 2000
CONDITION_NUMBERS = (1, 2, 4, 10, 20, 50, 100, 1000)

PARAMS = (
    IntParam(
        name="dimension",
        label="Dimension d",
        default=2,
        low=2,
        high=MAX_DIMENSION,
        help="How many coordinates each point has. The sample size must be larger than d, or the "
        "fitted covariance would be flat (singular).",
    ),
    LadderParam(
        name="condition_number",
        label="Truth's elongation (condition number)",
        default=4,
        options=CONDITION_NUMBERS,
        help="Largest over smallest variance of the truth's principal directions; 1 is a round "
        "truth. The volume (determinant) stays 1.",
    ),
    FloatParam(
        name="rotation",
        label="Truth's tilt (degrees)",
        default=30.0,
        low=-90.0,
        high=90.0,
        step=5.0,
        help="The angle the truth's axes are turned by (in each plane of neighbouring coordinates).",
    ),
    chain_params.SAMPLE_SIZE,
    dataclasses.replace(chain_params.GENERATIONS, high=MAX_GENERATIONS),
    chain_params.REGIME,
    ChoiceParam(
        name="estimator",
        label="Covariance estimate",
        default="mle",
        options=ESTIMATORS,
        labels={"mle": "Maximum likelihood (divide by n)", "unbiased": "Unbiased (divide by n − 1)"},
        help="Maximum likelihood is what the paper's experiments use.",
    ),
    chain_params.REAL_FRACTION,
    chain_params.REAL_SOURCE,
    dataclasses.replace(chain_params.REPLICATES, default=100),
    chain_params.SEED,
    AxisParam(
        name="log_y",
        label="Total-variance axis",
        help="Automatic: logarithmic when the median spans more than two powers of ten (a linear "
        "axis would flatten the small variances onto zero), linear otherwise.",
    ),
)
PARAMS, config_from = chain_params.settings(PARAMS, MultivariateConfig, {"condition_number": float})


TOO_LARGE_TIP = (
    "Replace and Accumulate run on the exact engine (Wishart draws), whose cost does not grow with the "
    "sample size but grows with the dimension: try fewer chains or generations, or a smaller dimension."
)


def headlines(d: MvnDigest) -> list[Headline]:
    last = d.last
    tr = float(d.bands["trace_ratio"].median[-1])
    vol = math.exp(0.5 * float(d.bands["logdet_ratio"].median[-1]))
    small = float(d.bands["eig_min_ratio"].median[-1])
    w2 = float(d.bands["wasserstein2"].median[-1])
    return [
        Headline(
            "Total variance left",
            percent(tr),
            f"At generation {last:,}: the median chain's total variance (trace), as a share of the truth's.",
        ),
        Headline(
            "Volume left",
            percent(vol),
            f"At generation {last:,}: the median chain's ellipsoid volume (square root of the determinant "
            "ratio), as a share of the truth's.",
        ),
        Headline(
            "Weakest direction",
            percent(small),
            f"At generation {last:,}: the median chain's variance along its most-shrunk direction, as a "
            "share of the truth's variance there.",
        ),
        Headline(
            "Distance to truth",
            f"{w2:.2f}",
            f"At generation {last:,}: the median Wasserstein-2 distance between fitted model and truth.",
        ),
    ]


def charts(d: MvnDigest, values: dict[str, Any] | None = None) -> list[tuple[str, go.Figure, str]]:
    """The page's charts in order: (title, figure, caption). Pure: no Streamlit."""
    log_y = axis.AUTO if values is None else values.get("log_y", axis.AUTO)
    return [
        (mvn_ellipse.TITLE, mvn_ellipse.figure(d), mvn_ellipse.caption(d)),
        (mvn_spectrum.TITLE, mvn_spectrum.figure(d), mvn_spectrum.caption(d)),
        (mvn_size.TRACE_TITLE, mvn_size.trace_figure(d, log_y=log_y), mvn_size.trace_caption(d)),
        (mvn_size.LOGDET_TITLE, mvn_size.logdet_figure(d), mvn_size.logdet_caption(d)),
        (mvn_extremes.TITLE, mvn_extremes.figure(d), mvn_extremes.caption(d)),
        (mvn_extremes.KL_TITLE, mvn_extremes.kl_figure(d), mvn_extremes.kl_caption(d)),
    ]


def stage_figure(d: MvnDigest, values: dict[str, Any] | None = None) -> go.Figure:
    """The chart the classroom's player and compare mode show."""
    return mvn_size.trace_figure(d, log_y=axis.AUTO if values is None else values.get("log_y", axis.AUTO))


def settings_line(values: dict[str, Any]) -> str:
    real = values["real_fraction"]
    mix = "no real data" if real == 0 else f"{real:.0%} real data ({values['real_source']})"
    estimator = "MLE (÷n)" if values["estimator"] == "mle" else "unbiased (÷n−1)"
    return (
        f"Multivariate Gaussian · d = {values['dimension']} · condition number {values['condition_number']:,} · "
        f"tilt {values['rotation']:g}° · M = {values['sample_size']:,} per generation · "
        f"{values['generations']:,} generations · {values['regime']} · {mix} · {estimator} · "
        f"{values['replicates']:,} chains · seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    real = chain_params.real_stem(values)
    return (
        (
            f"multivariate_d{values['dimension']}_k{values['condition_number']}_rot{values['rotation']:g}"
            f"_M{values['sample_size']}_G{values['generations']}_{values['regime']}_{values['estimator']}{real}"
            f"_R{values['replicates']}_seed{values['seed']}"
        )
        .replace(".", "p")
        .replace("-", "m")
    )


def preset_hints(preset) -> dict:
    """The condition number as the ladder's integer step."""
    return {"condition_number": round(preset.config.condition_number)}


CONTRASTS = (
    *DEFAULT_CONTRASTS,
    Contrast("estimator", "MLE vs unbiased estimator", flip("estimator", "mle", "unbiased")),
)

QUESTION = Question(
    metric="trace_ratio",
    threshold=0.5,
    ask=lambda g: (
        f"After {g:,} generations, will the typical chain's total variance be **above** or "
        f"**below** half of the truth's?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations the median chain's total variance is **{share(v)}** of "
        f"the truth's: {'above' if v > 0.5 else 'below'} half."
    ),
)


PAGE = PageSpec(
    name="multivariate",
    url_path="multivariate",
    title="A multivariate Gaussian fitted to its own samples",
    nav_title="Multivariate Gaussian",
    icon=":material/blur_circular:",
    section="More models",
    script="pages/multivariate.py",
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
