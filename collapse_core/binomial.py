"""Binomial probabilities, with scipy.stats imported on first use.

scipy.stats takes about a second to import (most of `python -m collapse_core`'s start-up when it
was imported eagerly), and only the categorical theory and the contamination sweep need it.
"""

from __future__ import annotations

import numpy as np


def binom_pmf(k, n, p) -> np.ndarray:
    """scipy.stats.binom.pmf(k, n, p), broadcasting as it does."""
    from scipy import stats

    return stats.binom.pmf(k, n, p)
