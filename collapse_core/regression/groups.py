"""Two groups in the regression's real data: a minority B with its own true weights.

With minority_share p > 0, each real row belongs to group B with probability p (independently
of its design point), else to group A. Group A is labelled by w_A = w*, group B by
w_B = w* + group_gap * v, v a unit vector orthogonal to w*'s direction (for d = 1: along it).
The model knows no groups: one pooled least-squares fit, refitted on its own labels. Each
group's test error on fresh real data of that group is ||w_t - w_g||^2 + sigma^2 (isotropic
design), computed from ||w_t - w*||^2 and the error's component along v.

Exact under replace without real data after generation 1 (tests/statistical/test_regression_groups.py):
E[w_t] = w* + p (w_B - w_A) for every t >= 1 (the pooled fit aims between the groups, nearer
the majority), so E[err_B - err_A] = (1 - 2p) ||w_B - w_A||^2; and each refit adds
sigma^2 d / (T - d - 1) to both groups' expected errors, as for one population.
"""

from __future__ import annotations

import math

import numpy as np

MAX_GAP = 1e3


def check(cfg) -> None:
    p, gap = cfg.minority_share, cfg.group_gap
    for name, value in (("minority_share", p), ("group_gap", gap)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number; got {value!r}")
    if not 0.0 <= p < 0.5:
        raise ValueError(f"minority_share must be 0 (off) or below 0.5 (a minority); got {p!r}")
    if not 0.0 <= gap <= MAX_GAP:
        raise ValueError(f"group_gap must lie in [0, {MAX_GAP:g}]; got {gap!r}")


def active(cfg) -> bool:
    return cfg.minority_share > 0


def gap_direction(d: int) -> np.ndarray:
    """v: unit, orthogonal to w*'s direction (1, ..., 1)/sqrt(d) when d >= 2."""
    if d == 1:
        return np.ones(1)
    v = np.zeros(d)
    v[0], v[1] = 1.0, -1.0
    return v / math.sqrt(2.0)


def delta(cfg) -> np.ndarray:
    """w_B - w_A."""
    return cfg.group_gap * gap_direction(cfg.dimension)


def relabel(cfg, gen, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Real labels with group B's rows moved to w_B: y + B x . delta, B ~ Bernoulli(p) per row
    (drawn after the rows, so knobs off leaves every stream as it was)."""
    b = gen.random(y.shape) < cfg.minority_share
    return y + b * (x @ delta(cfg))


def metrics() -> dict:
    """The groups' metric table entries (description, function of (arrays, config))."""

    def err_b(a, c):
        gap = c.group_gap
        return a["sq_error"] - 2.0 * gap * a["gap_projection"] + gap * gap + c.noise**2

    def err_a(a, c):
        return a["sq_error"] + c.noise**2

    return {
        "majority_error": (
            "group A's test error on fresh real data of group A: ||w_t - w_A||^2 + sigma^2",
            err_a,
        ),
        "minority_error": (
            "group B's test error on fresh real data of group B: ||w_t - w_B||^2 + sigma^2",
            err_b,
        ),
        "minority_error_gap": ("minority_error - majority_error", lambda a, c: err_b(a, c) - err_a(a, c)),
    }
