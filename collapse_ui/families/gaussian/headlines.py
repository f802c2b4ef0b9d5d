"""The Gaussian page's headline numbers: variance and rare events left, when it collapsed."""

from __future__ import annotations

from collapse_ui.digest import ChainDigest
from collapse_ui.headlines import Headline, first_below, percent

COLLAPSED = 0.1  # "collapsed" here means: the median variance is below 10% of the truth's


def headlines(d: ChainDigest) -> list[Headline]:
    last = d.last
    var = d.bands["variance_ratio"].median
    crossed = first_below(var, COLLAPSED)
    return [
        Headline(
            "Variance left",
            percent(float(var[-1])),
            f"At generation {last:,}: the median chain's fitted variance, as a share of the true variance.",
        ),
        Headline(
            "Gen. below 10%",
            f"{crossed:,}" if crossed is not None else "never",
            "The first generation at which the median chain keeps less than a tenth of the true "
            f"variance (never: not within the {last:,} generations run).",
        ),
        Headline(
            "Rare events left",
            percent(float(d.bands["tail_ratio_3sigma"].median[-1])),
            f"At generation {last:,}: the median chain's probability of a value more than 3 true "
            "standard deviations from the true mean, as a share of the truth's 0.27%.",
        ),
        Headline(
            "Distance to truth",
            f"{float(d.bands['wasserstein2'].median[-1]) / d.config.sigma0:.2f} SD",
            f"At generation {last:,}: the median Wasserstein-2 distance between the fitted model and "
            "the truth, in true standard deviations.",
        ),
    ]
