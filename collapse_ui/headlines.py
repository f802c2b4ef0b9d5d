"""Headline numbers read off a digest, each as (label, value text, help) for st.metric."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from collapse_ui.digest import ChainDigest

COLLAPSED = 0.1  # "collapsed" here means: the median variance is below 10% of the truth's


class Headline(NamedTuple):
    label: str
    value: str
    help: str


def percent(fraction: float, tiny: str = "< 0.001%") -> str:
    """37%, 2.7%, 0.012%, then `tiny`: a classroom reads no exponents; the help says more."""
    p = 100 * fraction
    if p >= 10:
        return f"{p:.0f}%"
    return f"{p:.2g}%" if p >= 1e-3 else tiny


def share(fraction: float) -> str:
    """percent() for a sentence, not a headline: words for "<"."""
    return percent(fraction, tiny="less than 0.001%")


def first_below(values: np.ndarray, threshold: float) -> int | None:
    """The first generation whose value is below threshold, or None."""
    hits = np.flatnonzero(values < threshold)
    return int(hits[0]) if hits.size else None


def headlines(d: ChainDigest) -> list[Headline]:
    last = d.last
    var = d.bands["variance_ratio"].median
    crossed = first_below(var, COLLAPSED)
    return [
        Headline(
            "Variance left", percent(float(var[-1])),
            f"At generation {last:,}: the median chain's fitted variance, as a share of the true variance."),
        Headline(
            "Gen. below 10%", f"{crossed:,}" if crossed is not None else "never",
            "The first generation at which the median chain keeps less than a tenth of the true "
            f"variance (never: not within the {last:,} generations run)."),
        Headline(
            "Rare events left", percent(float(d.bands["tail_ratio_3sigma"].median[-1])),
            f"At generation {last:,}: the median chain's probability of a value more than 3 true "
            "standard deviations from the true mean, as a share of the truth's 0.27%."),
        Headline(
            "Distance to truth", f"{float(d.bands['wasserstein2'].median[-1]) / d.config.sigma0:.2f} SD",
            f"At generation {last:,}: the median Wasserstein-2 distance between the fitted model and "
            "the truth, in true standard deviations."),
    ]
