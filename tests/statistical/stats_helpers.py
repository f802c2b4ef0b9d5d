"""Monte Carlo tolerances used by the statistical tests.

A fixed seed makes a test deterministic, not meaningful: every comparison below states its
tolerance in standard errors estimated from the replicates themselves, with enough replicates
that the standard error is small next to the effect being checked. At Z = 4.5 a correct
implementation fails a single check with probability about 7e-6.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

Z = 4.5
KS_ALPHA = 1e-4


def assert_mean_close(samples: np.ndarray, expected: float, what: str = "", z: float = Z) -> None:
    samples = np.asarray(samples, dtype=float)
    se = samples.std(ddof=1) / np.sqrt(samples.size)
    diff = samples.mean() - expected
    assert abs(diff) <= z * se + 1e-12 * abs(expected), (
        f"{what}: simulated mean {samples.mean():.6g} vs theory {expected:.6g}: "
        f"{diff / se:+.2f} standard errors (tolerance {z})"
    )


def assert_same_distribution(a: np.ndarray, b: np.ndarray, what: str = "") -> None:
    p = stats.ks_2samp(a, b).pvalue
    assert p > KS_ALPHA, f"{what}: two-sample KS p = {p:.2g} <= {KS_ALPHA}"


def url_after(params, name: str, text: str) -> str:
    """What a page writes back to its URL for `name=text`: the parsed value, a number out of
    range snapped to the nearest allowed one, or (unusable) the default."""
    from collapse_ui.params import parse_query

    spec = {p.name: p for p in params}[name]
    values, _ = parse_query(tuple(params), {name: text})
    return spec.format(values.get(name, spec.default))
