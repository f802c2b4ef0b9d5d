"""The digits page ("Pictures that blur"): settings, page spec, headlines, charts (the digest:
digest.py; charts: figures/).

Handwritten 8x8 digits (scikit-learn's bundled set) are regenerated from their own samples: per
digit class a Gaussian in a PCA space of the pixels, refitted each generation on images drawn
from the previous one. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import plotly.graph_objects as go

from collapse_core.digits import DigitsConfig
from collapse_core.digits.config import CLASS_PRIORS, MAX_DIGITS_SAMPLE
from collapse_core.digits.data import MAX_COMPONENTS, STYLE_CLUSTERS
from collapse_ui import chain_params
from collapse_ui.families.digits.digest import DigitsDigest, digest_result
from collapse_ui.families.digits.figures import grid as digits_grid
from collapse_ui.families.digits.figures import metrics as digits_metrics
from collapse_ui.headlines import Headline, percent
from collapse_ui.kit import DEFAULT_CONTRASTS, Contrast, Question, flip
from collapse_ui.params import ChoiceParam, IntParam, LadderParam
from collapse_ui.registry import PageSpec

MAX_GENERATIONS = 1000
PARAMS = (
    LadderParam(
        name="sample_size",
        label="Images per generation",
        default=500,
        options=tuple(v for v in chain_params.LADDER if 20 <= v <= MAX_DIGITS_SAMPLE),
        help="How many images (all ten digits together) each new model is fitted on. Fewer images: "
        "faster blur.",
    ),
    dataclasses.replace(chain_params.GENERATIONS, default=50, high=MAX_GENERATIONS),
    dataclasses.replace(
        chain_params.REGIME,
        labels={
            "replace": "Replace: the newest images only",
            "accumulate": "Accumulate: all images so far",
            "accumulate-subsample": "Accumulate, then draw a sample from it",
        },
    ),
    dataclasses.replace(
        chain_params.REAL_FRACTION,
        help=(
            "The share of each generation's training images that are real digits rather than drawn from the "
            "previous model."
        ),
    ),
    dataclasses.replace(
        chain_params.REAL_SOURCE,
        labels={
            "fresh": "Fresh: new held-out real images every generation",
            "fixed": "Fixed: the same real images, reused",
        },
    ),
    ChoiceParam(
        name="class_prior",
        label="How many of each digit",
        default="refitted",
        options=CLASS_PRIORS,
        labels={
            "refitted": "Refitted: the shares seen in the last training set",
            "fixed": "Fixed: the real shares, always",
        },
        help="Refitted, the digits' shares drift from generation to generation like gene frequencies, and a "
        "digit can die out.",
    ),
    IntParam(
        name="components",
        label="PCA dimensions",
        default=20,
        low=2,
        high=MAX_COMPONENTS,
        help="Each digit class is a Gaussian in this many principal components of the 64 pixels (fitted once "
        "on real digits; 20 keep about 90% of the pixel variance).",
    ),
    # Every image is drawn and measured: more than 50 chains would not fit an interactive rerun
    # at the default sizes (the command line takes any number).
    dataclasses.replace(chain_params.REPLICATES, default=20, options=(10, 20, 50)),
    chain_params.SEED,
)
PARAMS, config_from = chain_params.settings(PARAMS, DigitsConfig)
TOO_LARGE_TIP = (
    "Every image is drawn, rendered and measured: try fewer chains, fewer generations or fewer "
    "images per generation."
)


def headlines(d: DigitsDigest) -> list[Headline]:
    last = d.last
    b = d.bands
    pv0, pv = float(b["pixel_variance"].median[0]), float(b["pixel_variance"].median[-1])
    return [
        Headline(
            "Pixel variance left",
            percent(pv / pv0) if pv0 > 0 else "–",
            f"At generation {last:,}: the median chain's pixel variance as a share of the real images'.",
        ),
        Headline(
            "Styles left",
            f"{b['styles'].median[-1]:.1f} of {b['styles'].median[0]:.1f}",
            f"Effective number of the {STYLE_CLUSTERS} real handwriting styles (k-means clusters) the median "
            f"chain's images use at generation {last:,}, against the real images'.",
        ),
        Headline(
            "Recognisable",
            percent(float(b["recognisable"].median[-1])),
            f"At generation {last:,}: the share of images a classifier trained on real digits reads as "
            "their own digit (median chain).",
        ),
        Headline(
            "Digits left",
            f"{b['classes_alive'].median[-1]:.0f} of 10",
            "Digit classes the median chain's model still draws (a refitted class prior can lose one).",
        ),
    ]


def charts(d: DigitsDigest, values: dict[str, Any] | None = None) -> list[tuple[str, go.Figure, str]]:
    out = [(digits_grid.TITLE, digits_grid.figure(d), digits_grid.caption(d))]
    out += [(c.title, digits_metrics.figure(d, c), c.caption) for c in digits_metrics.CHARTS]
    return out


def stage_figure(d: DigitsDigest, values: dict[str, Any] | None = None) -> go.Figure:
    return digits_metrics.figure(d, digits_metrics.BY_METRIC["pixel_variance"])


def settings_line(values: dict[str, Any]) -> str:
    real = values["real_fraction"]
    mix = "no real images" if real == 0 else f"{real:.0%} real images ({values['real_source']})"
    return (
        f"Digits · Gaussian per class in {values['components']} PCA dimensions · {values['sample_size']:,} "
        f"images per generation · {values['generations']:,} generations · {values['regime']} · {mix} · "
        f"class prior {values['class_prior']} · {values['replicates']:,} chains · seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    real = chain_params.real_stem(values)
    return (
        f"digits_d{values['components']}_M{values['sample_size']}_G{values['generations']}_{values['regime']}"
        f"{real}_prior-{values['class_prior']}_R{values['replicates']}_seed{values['seed']}"
    ).replace(".", "p")


QUESTION = Question(
    metric="styles",
    threshold=STYLE_CLUSTERS / 2,
    ask=lambda g: (
        f"After {g:,} generations, will the typical chain's digits still use **more** or **fewer** "
        f"than {STYLE_CLUSTERS // 2} of the {STYLE_CLUSTERS} handwriting styles (effective number)?"
    ),
    answer=lambda v, g: (
        f"After {g:,} generations the median chain uses **{v:.1f}** styles: "
        f"{'more' if v > STYLE_CLUSTERS / 2 else 'fewer'} than {STYLE_CLUSTERS // 2}."
    ),
)


PAGE = PageSpec(
    name="digits",
    url_path="digits",
    title="Pictures that blur: handwritten digits regenerated from their own samples",
    nav_title="Pictures that blur",
    icon=":material/draw:",
    section="More models",
    script="pages/digits.py",
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
    question=QUESTION,
    contrasts=(
        *DEFAULT_CONTRASTS,
        Contrast("class_prior", "Refitted vs fixed class prior", flip("class_prior", "refitted", "fixed")),
    ),
)


def model_notes(d: DigitsDigest) -> str:
    """The model, why it was chosen, and how each metric is measured (markdown, for the page)."""
    from collapse_core.digits.data import HELD_OUT_SHARE, STYLE_CLUSTERS, judges, real_digits, space

    cfg = d.config
    real, sp = real_digits(), space(cfg.components)
    return f"""
**The data.** scikit-learn's bundled handwritten digits: 1,797 images of 8 × 8 pixels, ink 0–16, no download.
They are split once, with a fixed seed and digit by digit, into a *training pool* ({real.train_y.size:,} images:
the truth, generation 0) and a *held-out pool* ({real.held_y.size:,} images, {HELD_OUT_SHARE:.0%}): "fresh" real
images are drawn from the held-out pool, which nothing else ever sees. Both are finite, so a long chain with
fresh real data reuses held-out images (drawn with replacement).

**The model: a Gaussian per digit in a PCA space.** A PCA of the pixels is fitted once on the training pool;
this run keeps **{cfg.components} components** ({sp.explained:.0%} of the pixel variance). Each generation fits,
per digit, the mean and the maximum-likelihood covariance (divided by n) of that digit's training images in
that space, and draws the next generation's images from those Gaussians; pixels are clipped to 0–16 to draw
them. Why this model: it is the image analogue of the Nature paper's Gaussian example, so its collapse has a
closed form to check against (each refit keeps on average a factor 1 − 1/n of a class's covariance), it fits
in milliseconds, and it runs all chains at once with batched linear algebra; a VAE would need training for
minutes and hide the mechanism. The class prior is **{cfg.class_prior}**: refitted, the digits' shares are
re-estimated from each training set and drift (Wright-Fisher); fixed, every batch holds the real shares.
Generation 0 is the real images as this model sees them (projected onto the PCA space).

**How each chart is measured** (on M = {cfg.sample_size:,} images of each generation, rendered to pixels):
pixel variance (per pixel across the images, averaged over the 64 pixels); diversity (mean distance between
100 images); recognisable (a logistic regression trained once on the training pool's pixels reads the image
as its digit; on real held-out digits it is right {judges().held_accuracy:.1%} of the time); styles
({STYLE_CLUSTERS} k-means centroids learned once on real digits, nearest centroid, effective number =
exp(entropy) of the shares); Fréchet distance in PCA space, **not FID** (between Gaussians with the model's and
the real training pool's means and covariances, computed from the model's parameters, 0 for the truth);
class balance (1 − Σ π², from the model's class prior).
"""
