"""The regression page ("Regression: errors that add up"): settings, page spec, headlines,
charts (the digest: digest.py; charts: figures/).

Least squares refitted on labels made by the previous fit. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import plotly.graph_objects as go

from collapse_core.regression import RegressionConfig, groups
from collapse_ui import chain_params
from collapse_ui.digest import ChainDigest
from collapse_ui.families.regression.digest import BANDS, digest_result  # noqa: F401 (the page's digest)
from collapse_ui.families.regression.figures import error as regression_error
from collapse_ui.families.regression.figures import groups as regression_groups
from collapse_ui.figures import bands
from collapse_ui.headlines import Headline
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.params import FloatParam, IntParam, LadderParam
from collapse_ui.registry import PageSpec

MAX_GENERATIONS = 500

PARAMS = (
    IntParam(
        name="dimension",
        label="Inputs per row (dimension d)",
        default=10,
        low=1,
        high=50,
        help="How many numbers describe each input; the model learns one weight per input.",
    ),
    FloatParam(
        name="noise",
        label="Label noise σ",
        default=1.0,
        low=0.1,
        high=5.0,
        step=0.1,
        help="The standard deviation of the noise added to every label, real or synthetic.",
    ),
    FloatParam(
        name="minority_share",
        label="Minority group's share of the real rows (0: one group)",
        default=0.0,
        low=0.0,
        high=0.45,
        step=0.05,
        help="Group B's rows are labelled by weights of their own; the model fits one line to everyone.",
    ),
    FloatParam(
        name="group_gap",
        label="How different the minority's true weights are, ‖w_B − w_A‖",
        default=0.0,
        low=0.0,
        high=5.0,
        step=0.5,
        help="0: both groups follow the same weights (no minority to fail).",
    ),
    LadderParam(
        name="sample_size",
        label="Rows per generation (T)",
        default=100,
        options=tuple(v for v in chain_params.LADDER if 5 <= v <= 5000),
        help="How many labelled rows each new fit learns from; at least d + 2.",
    ),
    dataclasses.replace(chain_params.GENERATIONS, default=50, high=MAX_GENERATIONS),
    chain_params.REGIME,
    dataclasses.replace(chain_params.REAL_FRACTION, label="Share of real labels"),
    chain_params.REAL_SOURCE,
    LadderParam(
        name="replicates",
        label="Chains run side by side",
        default=200,
        options=(10, 20, 50, 100, 200, 500),
        help="Independent chains; the band shows where 90% of them lie.",
    ),
    chain_params.SEED,
)
PARAMS, config_from = chain_params.settings(PARAMS, RegressionConfig)

TOO_LARGE_TIP = (
    "Every row is drawn and every fit solved: try fewer chains or generations, or a smaller dimension."
)


def charts(d: ChainDigest, values: dict[str, Any] | None = None) -> list[tuple[str, go.Figure, str]]:
    out = [
        (regression_error.TITLE, regression_error.figure(d), regression_error.caption(d)),
        (
            "Distance of the fitted weights from the true ones",
            bands.figure(d, "weight_error", "Distance of the fitted weights from the true ones", "‖w − w*‖"),
            "How far each generation's weights are from the true weights w* (Euclidean length of the difference).",
        ),
        (
            "Direction of the fitted weights",
            bands.figure(
                d,
                "weight_cosine",
                "Direction of the fitted weights",
                "cosine with w*",
                truth=1.0,
                truth_name="the true direction",
                floor=min(0.0, float(np.nanmin(d.bands["weight_cosine"].q05))),
            ),
            "1 means the fitted weights point exactly the way the true ones do; as errors pile up the direction "
            "wanders off.",
        ),
    ]
    if groups.active(d.config) and "minority_error" in getattr(d, "lead_medians", {}):
        out.append((regression_groups.TITLE, regression_groups.figure(d), regression_groups.caption(d)))
    return out


def stage_figure(d: ChainDigest, values: dict[str, Any] | None = None) -> go.Figure:
    return regression_error.figure(d)


def group_headline(d: ChainDigest) -> Headline | None:
    """The minority group's extra test error at the last generation (None: one group)."""
    med = getattr(d, "lead_medians", {})
    if not groups.active(d.config) or "minority_error" not in med:
        return None
    s2 = d.config.noise**2
    b_err, a_err = float(med["minority_error"][-1]) / s2, float(med["majority_error"][-1]) / s2
    return Headline(
        "Minority's test error",
        f"{b_err:.3g} σ² vs {a_err:.3g} σ²",
        f"At generation {d.last:,} (median chain): the test error on fresh rows of the minority group, "
        "against the majority's. The pooled fit aims between the groups, nearer the majority.",
    )


def headlines(d: ChainDigest) -> list[Headline]:
    rare = group_headline(d)
    return base_headlines(d) + ([rare] if rare is not None else [])


def base_headlines(d: ChainDigest) -> list[Headline]:
    cfg, b, last = d.config, d.bands, d.last
    s2 = cfg.noise**2
    te = float(b["test_error"].median[-1]) / s2
    one = cfg.dimension / (cfg.sample_size - cfg.dimension - 1)
    out = [
        Headline(
            "Test error",
            f"{te:.3g} σ²",
            f"Squared error on fresh real data at generation {last:,} (median "
            "chain), in units of the noise variance: 1 is the best any model can do.",
        ),
        Headline(
            "One fit's extra error",
            f"{one:.3g} σ²",
            "σ² d/(T − d − 1): what a single least-squares fit on real data adds, on average.",
        ),
        Headline(
            "Weight error", f"{float(b['weight_error'].median[-1]):.3g}", f"‖w − w*‖ at generation {last:,}."
        ),
    ]
    if "expected_test_error" in d.theory:
        out.append(
            Headline(
                "Theory",
                f"{float(d.theory['expected_test_error'][-1]) / s2:.3g} σ²",
                f"The expected test error at generation {last:,} in closed form.",
            )
        )
    return out


def settings_line(values: dict[str, Any]) -> str:
    real = values["real_fraction"]
    mix = "no real labels" if real == 0 else f"{real:.0%} real labels ({values['real_source']})"
    return (
        f"Regression · d = {values['dimension']} · σ = {values['noise']:g} · T = {values['sample_size']:,} · "
        f"{values['generations']:,} generations · {values['regime']} · {mix} · {values['replicates']} chains · "
        f"seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    real = chain_params.real_stem(values)
    return (
        f"regression_d{values['dimension']}_s{values['noise']:g}_T{values['sample_size']}_G{values['generations']}"
        f"_{values['regime']}{real}_R{values['replicates']}_seed{values['seed']}"
    ).replace(".", "p")


QUESTION = Question(
    metric="excess_risk_ratio",
    threshold=1.0,
    ask=lambda g: (
        f"After {g:,} generations, will the fitted model's extra test error be **more** or **less** than "
        "the noise itself (σ²)?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations the extra error is **{v:.3g} σ²**: {'more' if v > 1 else 'less'}."
    ),
)

CONTRASTS = (
    *DEFAULT_CONTRASTS,
    Contrast("dimension", "10 inputs vs 40 inputs", flip("dimension", 10, 40)),
)


PAGE = PageSpec(
    name="regression",
    url_path="regression",
    title="Regression: errors that add up",
    nav_title="Regression",
    icon=":material/show_chart:",
    section="More models",
    script="pages/regression.py",
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
    contrasts=CONTRASTS,
    question=QUESTION,
)
