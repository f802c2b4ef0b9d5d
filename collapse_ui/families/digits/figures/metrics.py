"""Digits metric charts: one band chart per metric (median, 5-95% of chains, a few chains, the
real images' level, and a theory curve where one applies)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.digits.digest import DigitsDigest


@dataclass(frozen=True)
class MetricChart:
    metric: str
    title: str
    y_title: str
    caption: str
    theory: str | None = None  # key in the digest's theory
    theory_name: str = ""
    real_level: bool = True  # draw generation 0's value (the real images) as a line
    percent: bool = False


CHARTS = (
    MetricChart(
        "pixel_variance",
        "Pixel variance",
        "variance per pixel (ink²)",
        "How much each pixel varies across a generation's images, averaged over the 64 pixels. "
        "Falling: the digits are converging on average shapes.",
    ),
    MetricChart(
        "diversity",
        "Diversity",
        "mean distance (ink)",
        "Mean pixel distance between two of a generation's images (100 of them): how different the "
        "samples are from one another.",
    ),
    MetricChart(
        "recognisable",
        "Still recognisable",
        "labelled as their own digit",
        "The share of images that a classifier trained once on real digits (logistic regression on the "
        "pixels) labels as the digit they were drawn as. Blurry average digits often stay readable: "
        "collapse shows first in variety, not in legibility.",
        percent=True,
    ),
    MetricChart(
        "styles",
        "Handwriting styles left",
        "effective number of styles",
        "Forty style clusters are learned once on real digits (k-means); each image belongs to its "
        "nearest. The effective number is exp(entropy) of the images' shares: fewer means the "
        "generations crowd into a few styles.",
    ),
    MetricChart(
        "frechet_pca",
        "Fréchet distance in PCA space (not FID)",
        "distance to the real images",
        "An FID analogue, not FID: the Fréchet distance between Gaussians matched to the model's and the "
        "real images' means and covariances, in the model's own PCA space (no Inception network). 0 for "
        "the real images themselves.",
        real_level=False,
    ),
    MetricChart(
        "class_heterozygosity",
        "Class balance",
        "chance two images are different digits",
        "1 − Σ π²: with a refitted class prior the digits' shares drift like gene frequencies "
        "(Wright-Fisher), and this chance falls as some digits take over; with a fixed prior it stays.",
        theory="expected_class_heterozygosity",
        theory_name="expected value (Wright-Fisher)",
    ),
    MetricChart(
        "within_class_variance",
        "The model's spread",
        "within-class variance (PCA space)",
        "The fitted Gaussians' own variance, Σ π_c trace Σ_c: each refit on its own samples loses a "
        "factor (1 − 1/n_c) in expectation, and nothing brings it back without real data.",
        theory="expected_within_class_variance",
        theory_name="expected value, (1 − 1/n_c)^t",
    ),
)
BY_METRIC = {c.metric: c for c in CHARTS}


def figure(d: DigitsDigest, spec: MetricChart) -> go.Figure:
    x = d.generations
    fig = style.new_figure(spec.title, "generation", spec.y_title)
    if spec.real_level:
        style.level(
            fig,
            x,
            float(d.bands[spec.metric].median[0]),
            "real images (generation 0)",
            palette.TRUTH,
            width=1.5,
        )
    style.chains(fig, x, d.chains[spec.metric])
    style.band(fig, x, d.bands[spec.metric], palette.SIMULATION, "simulation")
    if spec.theory and spec.theory in d.theory:
        style.theory(fig, x, d.theory[spec.theory], spec.theory_name, palette.THEORY_EXPECTED)
    if spec.percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    else:
        fig.update_yaxes(rangemode="tozero")
    return fig
