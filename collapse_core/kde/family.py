"""The KDE family as the registry sees it: engine choice, runner, options."""

from __future__ import annotations

import dataclasses

import numpy as np

from collapse_core.family import Family, Option
from collapse_core.kde import budget, engine, metrics, presets
from collapse_core.kde.config import BANDWIDTH_RULES, TRUTHS, KDEConfig
from collapse_core.kde.harm import HARM
from collapse_core.kde.theory import theory
from collapse_core.result import Result
from collapse_core.userdata.truth import stored

ENGINES = ("auto", "monte-carlo")
MAX_SNAPSHOT_REPLICATES = 16
REASON = (
    "a KDE is its training set: every point is drawn (pick a training point, add kernel noise), "
    "vectorised across replicates"
)


def choose_engine(cfg: KDEConfig, engine_name: str = "auto") -> tuple[str, str]:
    return "monte-carlo", ("monte-carlo was asked for: " if engine_name == "monte-carlo" else "") + REASON


def default_snapshot_generations(generations: int, count: int = 6) -> tuple[int, ...]:
    raw = np.unique(np.round(np.linspace(0, generations, count)).astype(int))
    return tuple(int(t) for t in raw)


def _metric(name: str, res: Result) -> np.ndarray:
    return metrics.compute(name, res.arrays, res.config)


def run(
    cfg: KDEConfig,
    engine_name: str,
    reason: str,
    chunk: int | None = None,
    *,
    snapshot_generations=None,
    snapshot_replicates: int = 1,
) -> Result:
    """The family's runner. Result.arrays holds engine.STORED (R, G + 1) arrays, and the training
    points of the first `snapshot_replicates` replicates at `snapshot_generations` (default: six
    evenly spaced): "snapshot_points" (S, n, width), NaN-padded, "snapshot_bandwidth" (S, n)
    and "snapshot_generations". `chunk` is accepted for the shared interface and unused (the
    block of 256 replicates is the unit of work)."""
    gens = (
        default_snapshot_generations(cfg.generations)
        if snapshot_generations is None
        else tuple(snapshot_generations)
    )
    for t in gens:
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t <= cfg.generations:
            raise ValueError(
                f"snapshot_generations must hold integers from 0 to {cfg.generations}; got {t!r}"
            )
    reps = snapshot_replicates
    if isinstance(reps, bool) or not isinstance(reps, int) or not 0 <= reps <= MAX_SNAPSHOT_REPLICATES:
        raise ValueError(
            f"snapshot_replicates must be an integer from 0 to {MAX_SNAPSHOT_REPLICATES}; got {reps!r}"
        )
    gens = tuple(sorted({int(t) for t in gens}))
    if cfg.data:  # the reference spread is the data's: mu0, sigma0 its mean and sd (ddof 0)
        truth = stored(cfg.data)
        cfg = dataclasses.replace(cfg, mu0=float(truth.mean), sigma0=float(np.sqrt(truth.variance)))
    snaps = engine.Snapshots(cfg, gens, min(reps, cfg.replicates))
    arrays = engine.run(cfg, cfg.seed, snaps)
    arrays.update(
        snapshot_points=snaps.points,
        snapshot_bandwidth=snaps.bandwidth,
        snapshot_generations=np.array(gens, dtype=int),
    )
    return Result(
        config=cfg,
        engine=engine_name,
        engine_reason=reason,
        arrays=arrays,
        _metric_fn=_metric,
        metric_names=tuple(metrics.METRICS),
    )


FAMILY = Family(
    name="kde",
    title="kernel density estimate (the spread inflates)",
    config=KDEConfig,
    run=run,
    engines=ENGINES,
    choose_engine=choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    metrics={name: description for name, (description, _) in metrics.METRICS.items()},
    options=(
        Option(
            "--bandwidth-rule",
            "bandwidth_rule",
            str,
            "fixed: h = --bandwidth; scott: n^(-1/5) sd; "
            "silverman: (3n/4)^(-1/5) sd, recomputed each generation",
            choices=BANDWIDTH_RULES,
        ),
        Option("--bandwidth", "bandwidth", float, "h for the fixed rule", metavar="h"),
        Option(
            "--truth-shape",
            "truth_shape",
            str,
            "normal: N(mu0, sigma0^2); mixture: two normals separation*sigma0 apart",
            choices=TRUTHS,
        ),
        Option("--mu0", "mu0", float, "centre of the truth"),
        Option("--sigma0", "sigma0", float, "standard deviation of the truth (of each component)"),
        Option(
            "--separation",
            "separation",
            float,
            "mixture only: distance between the component means in sigma0",
            metavar="s",
        ),
    ),
    presets=presets.PRESETS,
    describe="A Gaussian kernel density estimate, refitted on its own samples (each draw: a training "
    "point plus N(0, h^2) noise).",
    harm=HARM,
)
