"""A minority in the mixture's truth: one component rarer than the rest, and its metrics.

Truth weights: with minority_weight w > 0, component 0 (the leftmost in 1-D, the first on the
circle in 2-D) has weight w and the other K - 1 share 1 - w equally; truth_weights gives all K
weights instead, as text ("0.6,0.3,0.1": a config field that JSON, URLs and caches keep as it
is); the minority is then the lightest, the first of equals. Both off: 1/K each.

Metrics of the minority (its truth mean mu_m, its truth weight w_m):

* minority_weight: fitted weight of the components whose nearest truth mean is mu_m.
* minority_share: minority_weight / w_m (1 at the truth).
* minority_alive: 1 while a component of weight >= LOST_WEIGHT_FRACTION / K has its mean within
  COVER_DISTANCE of mu_m (the rule by which truth_coverage counts a truth mode), else 0.
* minority_mean_distance: distance from mu_m to the nearest mean of such a heavy component
  (one always exists: the heaviest weighs at least 1/K), in truth standard deviations.

Under replace with well-separated components EM's fitted weights are the sampled shares, so
the minority's weight follows Wright-Fisher drift in a population of M: E[w_t] = w_m and
E[w_t (1 - w_t)] = w_m (1 - w_m) (1 - 1/M)^t (tests/statistical/test_mixture_minority.py).
"""

from __future__ import annotations

import math

import numpy as np

MIN_MINORITY_WEIGHT = 0.005
SUM_TOLERANCE = 1e-6


def check(cfg) -> None:
    """Validate minority_weight / truth_weights of a MixtureConfig (ValueError naming the field)."""
    k, w, tw = cfg.components, cfg.minority_weight, cfg.truth_weights
    if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w):
        raise ValueError(f"minority_weight must be a finite number; got {w!r}")
    if w != 0 and not MIN_MINORITY_WEIGHT <= w < 1.0 / k:
        raise ValueError(
            f"minority_weight must be 0 (off) or from {MIN_MINORITY_WEIGHT:g} to below 1/K = {1.0 / k:.4g} "
            f"(a minority is lighter than an equal share); got {w!r}"
        )
    if not isinstance(tw, str):
        raise ValueError(f"truth_weights must be text, K numbers separated by commas; got {tw!r}")
    if not tw.strip():
        return
    if w != 0:
        raise ValueError("give minority_weight or truth_weights, not both")
    values = parse_weights(tw)
    if len(values) != k:
        raise ValueError(f"truth_weights needs one weight per component (K = {k}); got {len(values)}")
    for x in values:
        if not math.isfinite(x):
            raise ValueError(f"truth_weights must be finite numbers; got {x!r}")
        if x < MIN_MINORITY_WEIGHT:
            raise ValueError(f"each of truth_weights must be at least {MIN_MINORITY_WEIGHT:g}; got {x!r}")
    if abs(sum(values) - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"truth_weights must sum to 1; got {sum(values):.6g}")


def active(cfg) -> bool:
    return cfg.minority_weight != 0 or bool(cfg.truth_weights.strip())


def truth_weights(cfg) -> np.ndarray:
    """(K,) truth weights (see the module docstring)."""
    k = cfg.components
    if cfg.truth_weights.strip():
        w = np.asarray(parse_weights(cfg.truth_weights), dtype=float)
        return w / w.sum()
    if cfg.minority_weight:
        w = np.full(k, (1.0 - cfg.minority_weight) / (k - 1))
        w[0] = cfg.minority_weight
        return w
    return np.full(k, 1.0 / k)


def index(cfg) -> int:
    """The minority component (the lightest truth weight, first of equals)."""
    return int(np.argmin(truth_weights(cfg)))


def parse_weights(text: str) -> tuple[float, ...]:
    """'0.6,0.3,0.1' -> (0.6, 0.3, 0.1)."""
    if len(text) > 1000:
        raise ValueError("truth_weights is too long: give K (at most 8) numbers")
    try:
        return tuple(float(x) for x in text.split(","))
    except ValueError:
        raise ValueError(f"truth_weights must be numbers separated by commas; got {text!r}") from None


def _nearest_truth(mu: np.ndarray, mu0: np.ndarray) -> np.ndarray:
    """Index of the nearest truth mean for each fitted mean: (..., K)."""
    d2 = ((mu[..., :, None, :] - mu0[None, :, :]) ** 2).sum(-1)
    return np.argmin(d2, axis=-1)


def fitted_weight(w: np.ndarray, mu: np.ndarray, mu0: np.ndarray, m: int) -> np.ndarray:
    return np.where(_nearest_truth(mu, mu0) == m, w, 0.0).sum(-1)


def heavy_distance(w: np.ndarray, mu: np.ndarray, target: np.ndarray, lost_fraction: float) -> np.ndarray:
    k = w.shape[-1]
    dist = np.sqrt(((mu - target) ** 2).sum(-1))
    return np.where(w >= lost_fraction / k, dist, np.inf).min(-1)


def metrics(lost_fraction: float, cover_distance: float, truth_means) -> dict:
    """The minority's metric table entries (description, function of a Result); truth_means:
    config -> (K, D) truth means (passed in: the truth's module imports this one)."""

    def weight(res):
        cfg = res.config
        return fitted_weight(res.arrays["weights"], res.arrays["means"], truth_means(cfg), index(cfg))

    def distance(res):
        cfg = res.config
        target = truth_means(cfg)[index(cfg)]
        return heavy_distance(res.arrays["weights"], res.arrays["means"], target, lost_fraction)

    return {
        "minority_weight": ("fitted weight of the components nearest the minority's truth mean", weight),
        "minority_share": (
            "minority_weight / the minority's truth weight (1 at the truth)",
            lambda res: res.metric("minority_weight") / truth_weights(res.config)[index(res.config)],
        ),
        "minority_alive": (
            f"1 while a component of weight >= {lost_fraction}/K has its mean within {cover_distance} "
            "truth sd of the minority's, else 0",
            lambda res: (res.metric("minority_mean_distance") < cover_distance).astype(float),
        ),
        "minority_mean_distance": (
            f"distance from the minority's truth mean to the nearest component of weight >= {lost_fraction}/K",
            distance,
        ),
    }
