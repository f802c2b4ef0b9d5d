"""Per-generation metrics of fitted Gaussians N(m, v) against the truth N(mu0, sigma0^2).

Every metric is computed from the fitted mean and log-variance, so it stays finite when the
variance itself is far below float64's range (M = 2 after thousands of generations).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import special

from collapse_core.gaussian import on_data
from collapse_core.summary import Monotone, bases_for, structure_summary, tiled

TAIL_KS = (2, 3, 4)
# Total collapse: the fitted variance below this share of the truth's (a stated floor).
COLLAPSE_FLOOR = 1e-6
# Suresh et al. (2025) track P(sigma_t > epsilon); epsilon in units of sigma0.
SD_EPSILON = 0.1
_LOG_FLOOR = float(np.log(COLLAPSE_FLOOR))
_LOG_EPS2 = float(2.0 * np.log(SD_EPSILON))


def _collapsed(log_ratio):
    return (log_ratio < _LOG_FLOOR).astype(float)


def _sd_above(log_ratio):
    return (log_ratio > _LOG_EPS2).astype(float)


Z_999 = float(special.ndtri(0.999))
_TINY = np.finfo(float).tiny


def truth_tail_mass(k: float) -> float:
    """P(|X - mu0| > k sigma0) under the truth: 2 * Phi(-k)."""
    return float(2.0 * special.ndtr(-k))


def reference_tail_mass(cfg, k: float) -> float:
    """The truth's share beyond k sigma0: the normal's, or a data set's own (NaN where the data
    has no value that far)."""
    if getattr(cfg, "data", ""):
        return on_data.tail_share(cfg, k)
    return truth_tail_mass(k)


def _log_ratio(lv, cfg):
    return lv - 2.0 * np.log(cfg.sigma0)


class _Shared:
    """Intermediates several metrics share (each computed once, on first use).

    Every metric's formula is written once, below; metric(name) and the summary both use it,
    so their values agree bit for bit.
    """

    def __init__(self, m: np.ndarray, lv: np.ndarray, cfg):
        self.m, self.lv, self.cfg = m, lv, cfg
        self._memo: dict[str, np.ndarray] = {}

    def _get(self, key: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @property
    def sd(self) -> np.ndarray:
        """exp(lv / 2), not floored."""
        return self._get("sd", lambda: np.exp(0.5 * self.lv))

    @property
    def sd_floored(self) -> np.ndarray:
        return self._get("sd_floored", lambda: np.maximum(self.sd, _TINY))

    @property
    def log_ratio(self) -> np.ndarray:
        return self._get("log_ratio", lambda: _log_ratio(self.lv, self.cfg))

    @property
    def ratio(self) -> np.ndarray:
        """exp(log_ratio), not floored."""
        return self._get("ratio", lambda: np.exp(self.log_ratio))

    @property
    def drift(self) -> np.ndarray:
        return self._get("drift", lambda: _drift(self.m, self.cfg))

    def tail_mass(self, k: int) -> np.ndarray:
        return self._get(f"tail{k}", lambda: _tail_mass(self.m, self.sd_floored, self.cfg, k))


def _drift(m, cfg):
    return (m - cfg.mu0) / cfg.sigma0


def _variance(lv, cfg):
    return np.maximum(np.exp(lv), _TINY)


def _variance_ratio_from_log(lr):
    return np.maximum(np.exp(lr), _TINY)


def _tail_mass(m, sd, cfg, k):
    """sd floored at the smallest float64: a collapsed model (sd ~ 1e-300) puts z at +-inf,
    where ndtr is exactly 0 or 1."""
    # ndtr(-(mu0 + k sigma0 - m) / sd) + ndtr((mu0 - k sigma0 - m) / sd), the same operations
    # in place: the summary evaluates this on every cell, three times.
    with np.errstate(over="ignore"):
        upper = np.asarray(np.subtract(cfg.mu0 + k * cfg.sigma0, m))
        np.divide(upper, sd, out=upper)
        lower = np.asarray(np.subtract(cfg.mu0 - k * cfg.sigma0, m))
        np.divide(lower, sd, out=lower)
    np.negative(upper, out=upper)
    special.ndtr(upper, out=upper)
    special.ndtr(lower, out=lower)
    return np.add(upper, lower, out=upper)


def _kl(s: _Shared):
    """KL(fitted || truth) = log(sigma0/s) + (s^2 + (m - mu0)^2) / (2 sigma0^2) - 1/2."""
    return -0.5 * s.log_ratio + 0.5 * (s.ratio + s.drift**2) - 0.5


def _w2(s: _Shared):
    if getattr(s.cfg, "data", ""):  # against the data's empirical distribution
        return on_data.wasserstein2(s.m, s.sd, s.cfg)
    return np.hypot(s.m - s.cfg.mu0, s.sd - s.cfg.sigma0)


SharedFn = Callable[[_Shared], np.ndarray]

# name -> (description, formula on the shared intermediates)
_FORMULAS: dict[str, tuple[str, SharedFn]] = {
    "mean": ("fitted mean", lambda s: s.m),
    "variance": (
        "fitted variance (floored at the smallest float64, see log_variance_ratio)",
        lambda s: _variance(s.lv, s.cfg),
    ),
    "variance_ratio": (
        "fitted variance / sigma0^2 (floored at the smallest float64)",
        lambda s: _variance_ratio_from_log(s.log_ratio),
    ),
    "log_variance_ratio": ("natural log of variance_ratio, never floored", lambda s: s.log_ratio),
    "mean_drift": ("fitted mean - mu0, in units of sigma0", lambda s: s.drift),
    "wasserstein2": ("Wasserstein-2 distance to the truth", _w2),
    "kl_divergence": ("KL(fitted || truth) in nats", _kl),
    **{
        f"tail_mass_{k}sigma": (
            f"fitted model's probability of |x - mu0| > {k} sigma0",
            lambda s, k=k: s.tail_mass(k),
        )
        for k in TAIL_KS
    },
    **{
        f"tail_ratio_{k}sigma": (
            f"tail_mass_{k}sigma / the truth's ({truth_tail_mass(k):.3g}; with your data, the data's own "
            "share beyond k sigma0, NaN where no value lies that far)",
            lambda s, k=k: s.tail_mass(k) / reference_tail_mass(s.cfg, k),
        )
        for k in TAIL_KS
    },
    "collapsed": (
        f"1 where the fitted variance is below {COLLAPSE_FLOOR:g} of the truth's (total collapse), else 0: "
        "its mean over chains is the share of chains collapsed",
        lambda s: _collapsed(s.log_ratio),
    ),
    "sd_above_epsilon": (
        f"1 where the fitted standard deviation exceeds {SD_EPSILON:g} sigma0, else 0: its mean over "
        "chains is P(sigma_t > epsilon) (Suresh et al. 2025)",
        lambda s: _sd_above(s.log_ratio),
    ),
    "quantile_001": ("0.1% quantile of the fitted model", lambda s: s.m - Z_999 * s.sd),
    "quantile_999": ("99.9% quantile of the fitted model", lambda s: s.m + Z_999 * s.sd),
}

MetricFn = Callable[[np.ndarray, np.ndarray, object], np.ndarray]

METRICS: dict[str, tuple[str, MetricFn]] = {
    name: (desc, lambda m, lv, c, f=f: f(_Shared(m, lv, c))) for name, (desc, f) in _FORMULAS.items()
}

# Structure for the summary: metrics that are monotone functions of one base statistic
# ("mean" and "log_variance" are the state arrays; a tail ratio's base is its tail mass).
# fn must be the metric's formula applied to the base, element for element.
MONOTONE: dict[str, Monotone] = {
    "mean": Monotone("mean", lambda x, c: x),
    "mean_drift": Monotone("mean", _drift),
    "variance": Monotone("log_variance", _variance),
    "variance_ratio": Monotone("log_variance", lambda x, c: _variance_ratio_from_log(_log_ratio(x, c))),
    "log_variance_ratio": Monotone("log_variance", _log_ratio),
    "collapsed": Monotone("log_variance", lambda x, c: _collapsed(_log_ratio(x, c)), increasing=False),
    "sd_above_epsilon": Monotone("log_variance", lambda x, c: _sd_above(_log_ratio(x, c))),
    **{
        f"tail_ratio_{k}sigma": Monotone(
            f"tail_mass_{k}sigma", lambda x, c, k=k: x / reference_tail_mass(c, k)
        )
        for k in TAIL_KS
    },
}


def values(m: np.ndarray, lv: np.ndarray, cfg, names) -> dict[str, np.ndarray]:
    """Several metrics at once, sharing their intermediates."""
    s = _Shared(m, lv, cfg)
    return {n: _FORMULAS[n][1](s) for n in names}


def _check(names) -> None:
    for name in names:
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")


def summary(mean: np.ndarray, log_variance: np.ndarray, cfg, names) -> dict[str, dict[str, np.ndarray]]:
    """{metric: {mean, median, q05, q95}} across replicates, equal to summarise(compute(...))
    to floating rounding (see collapse_core.summary)."""
    names = tuple(names)
    _check(names)
    bases = bases_for(names, MONOTONE)
    means, stats = tiled(
        {"mean": mean, "log_variance": log_variance},
        lambda st, wanted: values(st["mean"], st["log_variance"], cfg, wanted),
        list(names),
        bases,
    )
    return structure_summary(names, means, stats, MONOTONE, cfg)


def compute(name: str, mean: np.ndarray, log_variance: np.ndarray, cfg) -> np.ndarray:
    _check((name,))
    return METRICS[name][1](mean, log_variance, cfg)


def result_summary(res, names):
    """Family.summary: the structured summary of a Result's metrics."""
    return summary(res.arrays["mean"], res.arrays["log_variance"], res.config, names)
