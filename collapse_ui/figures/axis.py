"""Linear or log: which y-axis a chart over generations uses.

A curve that falls by orders of magnitude lies flat on zero on a linear axis (a long run's
variance: most of the chart looks like nothing happens), while a gentle one reads best linearly.
`auto` picks the log axis when the plotted curve spans more than two decades; the viewer can
still force either. Pure: numbers in, a decision out.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

AUTO, LINEAR, LOG = "auto", "linear", "log"
CHOICES = (AUTO, LINEAR, LOG)
LABELS = {AUTO: "Automatic", LINEAR: "Linear", LOG: "Logarithmic"}
DECADES = 2.0  # more than this many powers of ten from the curve's lowest to its highest: log


def decades(*curves: Iterable[float]) -> float:
    """How many powers of ten the curves' positive, finite values span (0 with fewer than two).
    Zeros and negatives cannot sit on a log axis and do not count."""
    values = np.concatenate([np.ravel(np.asarray(c, dtype=float)) for c in curves]) if curves else np.empty(0)
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size < 2:
        return 0.0
    return float(np.log10(positive.max()) - np.log10(positive.min()))


def use_log(choice: str | bool, *curves: Iterable[float]) -> bool:
    """The axis for `choice` ('auto', 'linear' or 'log'; True/False from older callers and links
    mean log/linear): auto is log when the curves span more than DECADES."""
    if isinstance(choice, bool):
        return choice
    if choice == LOG:
        return True
    if choice == LINEAR:
        return False
    if choice == AUTO:
        return decades(*curves) > DECADES
    raise ValueError(f"axis choice {choice!r} is not one of {', '.join(CHOICES)}")
