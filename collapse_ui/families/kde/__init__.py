"""The KDE page ("Kernel density: the spread inflates"): settings, page spec, headlines, charts
(the digest: digest.py; charts: figures/).

A kernel density estimate refitted on its own samples: sampling adds the kernel's variance,
so the spread grows instead of collapsing. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import plotly.graph_objects as go

from collapse_core.kde import BANDWIDTH_RULES, KDEConfig
from collapse_core.userdata import store
from collapse_ui import chain_params, palette
from collapse_ui.families.kde.digest import BANDS, GRID_POINTS, KDEDigest, digest_result  # noqa: F401 (the page's digest)
from collapse_ui.families.kde.figures import density as kde_density
from collapse_ui.figures import axis, bands
from collapse_ui.headlines import Headline, percent
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.own_data import figure as data_figure
from collapse_ui.own_data.param import DATA
from collapse_ui.params import ChoiceParam, FloatParam, LadderParam
from collapse_ui.registry import PageSpec

MAX_GENERATIONS = 300

PARAMS = (
    ChoiceParam(
        name="bandwidth_rule",
        label="Bandwidth",
        default="fixed",
        options=BANDWIDTH_RULES,
        labels={
            "fixed": "Fixed width h",
            "scott": "Scott's rule (from each generation's spread)",
            "silverman": "Silverman's rule (from each generation's spread)",
        },
        help="The width of the little bell curve put on every training point.",
    ),
    FloatParam(
        name="bandwidth",
        label="Fixed width h (truth's sd = 1)",
        default=0.3,
        low=0.01,
        high=2.0,
        step=0.01,
        help="Only for the fixed width. The spread settles where the kernel's added variance balances "
        "the loss from resampling: at M h² times the truth's variance.",
    ),
    ChoiceParam(
        name="truth_shape",
        label="Truth",
        default="normal",
        options=("normal", "mixture"),
        labels={"normal": "One bell curve", "mixture": "Two bell curves (two modes)"},
    ),
    FloatParam(
        name="separation",
        label="Distance between the two humps",
        default=4.0,
        low=0.0,
        high=10.0,
        step=0.5,
        help="Only for two bell curves, in their standard deviations.",
    ),
    LadderParam(
        name="sample_size",
        label="Sample size per generation",
        default=100,
        options=tuple(v for v in chain_params.LADDER if 5 <= v <= 5000),
        help="How many points each new KDE is built on.",
    ),
    dataclasses.replace(chain_params.GENERATIONS, default=50, high=MAX_GENERATIONS),
    chain_params.REGIME,
    chain_params.REAL_FRACTION,
    chain_params.REAL_SOURCE,
    LadderParam(
        name="replicates",
        label="Chains run side by side",
        default=100,
        options=(10, 20, 50, 100, 200, 500),
        help="Independent chains; the band shows where 90% of them lie.",
    ),
    chain_params.SEED,
    DATA,
)
PARAMS, config_from = chain_params.settings(PARAMS, KDEConfig)

TOO_LARGE_TIP = (
    "Every point of every training set is kept and measured: try fewer chains, generations or a "
    "smaller sample size (accumulate costs grow with the square of the generations)."
)


def _variance_figure(d: KDEDigest) -> go.Figure:
    return bands.figure(
        d,
        "variance_ratio",
        "Variance of the KDE, relative to the truth",
        "KDE variance ÷ true variance",
        truth=1.0,
        log_y=axis.AUTO,
        theory=(
            ("expected_variance_ratio", "expected value", palette.THEORY_EXPECTED),
            ("stationary_variance_ratio", "level M h² (fixed h)", palette.THEORY_LIMIT),
        ),
    )


def _variance_caption(d: KDEDigest) -> str:
    cfg = d.config
    g = d.theory.get("growth_factor")
    if g is not None:
        return (
            f"With a rule-based bandwidth each generation multiplies the expected variance by (M − 1)/M + "
            f"c² M^(−2/5) = {g:.3f}: it grows without end. The dashed curve is this exact recursion."
        )
    if "stationary_variance_ratio" in d.theory:
        return (
            f"E[V(t+1)] = (M − 1)/M · E[V(t)] + h²: the expected variance moves to M h² = "
            f"{d.theory['stationary_variance_ratio']:.3g} times the truth's (dash-dot line), whatever it "
            "started at. Below h = 1/√M it shrinks, above it inflates."
        )
    if cfg.regime == "accumulate-subsample":
        return "No closed form here: the band is the simulation alone."
    return (
        "The dashed curve is the exact expected variance for this mix of real and synthetic data "
        "(the same first-moment recursion, with the real points as a second group)."
    )


def _data_chart(d: KDEDigest, values: dict[str, Any] | None) -> list[tuple[str, go.Figure, str]]:
    """Your data beside the first chain's KDE at its first and last snapshot generations."""
    ds = store.get(values["data"]) if values and values.get("data") else None
    if ds is None or not d.densities:
        return []
    col = next(iter(ds.columns))
    name = ds.name or col
    gens = sorted(d.densities)
    curves = [
        (f"fitted KDE, generation {g:,}", d.grid, d.densities[g]) for g in dict.fromkeys((gens[0], gens[-1]))
    ]
    fig = data_figure.figure(ds.numeric(col), name, ds.unit, curves)
    return [(data_figure.TITLE, fig, data_figure.caption(d, name))]


def charts(d: KDEDigest, values: dict[str, Any] | None = None) -> list[tuple[str, go.Figure, str]]:
    return [
        *_data_chart(d, values),
        (kde_density.TITLE, kde_density.figure(d), kde_density.caption(d)),
        ("Variance of the KDE, relative to the truth", _variance_figure(d), _variance_caption(d)),
        (
            "Distance to the truth (Wasserstein-2)",
            bands.figure(d, "wasserstein2", "Distance to the truth (Wasserstein-2)", "W2 to the truth"),
            "How far the KDE is from the truth: the typical distance a unit of probability has to move "
            "(computed on a grid of spacing h/4).",
        ),
        (
            "Modes of the density",
            bands.figure(
                d,
                "modes",
                "Modes of the density",
                "local maxima",
                truth=float(d.bands["modes"].median[0]),
                truth_name="truth's modes",
            ),
            "How many humps the estimated density has. Small bandwidths make a bumpy curve with many modes; as "
            "the spread grows, points drift apart into separate bumps.",
        ),
        (
            "Tail mass beyond 3 sd, relative to the truth",
            bands.figure(
                d,
                "tail_ratio_3sd",
                "Tail mass beyond 3 sd, relative to the truth",
                "KDE tail mass ÷ truth's",
                truth=1.0,
                log_y=True,
            ),
            "The KDE's probability of values more than 3 of the truth's standard deviations from its centre, "
            "exactly (each kernel's normal tail), divided by the truth's: above 1, the tails got fatter.",
        ),
    ]


def stage_figure(d: KDEDigest, values: dict[str, Any] | None = None) -> go.Figure:
    return _variance_figure(d)


def headlines(d: KDEDigest) -> list[Headline]:
    b, last = d.bands, d.last
    v = float(b["variance_ratio"].median[-1])
    return [
        Headline(
            "Variance",
            f"{v:,.3g}×",
            f"The KDE's variance at generation {last:,} (median chain), in units of the truth's variance.",
        ),
        Headline(
            "Bandwidth",
            f"{float(b['bandwidth'].median[-1]):.3g}",
            f"h at generation {last:,} (median chain).",
        ),
        Headline(
            "Modes",
            f"{float(b['modes'].median[-1]):.0f}",
            f"Humps of the density at generation {last:,} (truth: {float(b['modes'].median[0]):.0f}).",
        ),
        Headline(
            "Tail beyond 3 sd",
            percent(float(b["tail_mass_3sd"].median[-1])),
            f"The KDE's probability of a value more than 3 of the truth's standard deviations from its "
            f"centre at generation {last:,} (median chain; truth: {percent(float(b['tail_mass_3sd'].median[0]))}).",
        ),
    ]


def settings_line(values: dict[str, Any]) -> str:
    bw = (
        f"h = {values['bandwidth']:g}"
        if values["bandwidth_rule"] == "fixed"
        else f"{values['bandwidth_rule']} rule"
    )
    truth = (
        "normal truth"
        if values["truth_shape"] == "normal"
        else f"two-hump truth {values['separation']:g} sd apart"
    )
    real = values["real_fraction"]
    mix = "no real data" if real == 0 else f"{real:.0%} real data ({values['real_source']})"
    return (
        f"KDE · {bw} · {truth} · M = {values['sample_size']:,} · {values['generations']:,} generations · "
        f"{values['regime']} · {mix} · {values['replicates']} chains · seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    bw = f"h{values['bandwidth']:g}" if values["bandwidth_rule"] == "fixed" else values["bandwidth_rule"]
    real = chain_params.real_stem(values)
    return (
        f"kde_{bw}_{values['truth_shape']}_M{values['sample_size']}_G{values['generations']}_{values['regime']}"
        f"{real}_R{values['replicates']}_seed{values['seed']}"
    ).replace(".", "p")


QUESTION = Question(
    metric="variance_ratio",
    threshold=1.0,
    ask=lambda g: (
        f"After {g:,} generations, will the KDE's variance be **more** or **less** than the truth's?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations it is **{v:,.3g} times** the truth's: {'more' if v > 1 else 'less'}."
    ),
)

CONTRASTS = (
    *DEFAULT_CONTRASTS,
    Contrast(
        "bandwidth_rule", "Fixed width vs Silverman's rule", flip("bandwidth_rule", "fixed", "silverman")
    ),
    Contrast("bandwidth", "h = 0.3 vs h = 0.05", flip("bandwidth", 0.3, 0.05)),
)


PAGE = PageSpec(
    name="kde",
    url_path="kde",
    title="Kernel density: the spread inflates",
    nav_title="Kernel density",
    icon=":material/blur_on:",
    section="More models",
    script="pages/kde.py",
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
