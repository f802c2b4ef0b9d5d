"""Engines of the multivariate family: exact (Wishart and normal draws) and Monte Carlo."""

from __future__ import annotations

import numpy as np

from collapse_core.multivariate import chain, metrics
from collapse_core.multivariate.config import MultivariateConfig
from collapse_core.multivariate.draws import ExactSource, PointSource
from collapse_core.multivariate.truth import truth
from collapse_core.result import Result
from collapse_core.streams import block_generators, block_slices

ENGINES = ("auto", "exact", "monte-carlo")
MAX_SNAPSHOT_REPLICATES = 16
CHUNK_ELEMENTS = 1 << 20  # standard normal numbers per numpy call (Monte Carlo)
_EXACT_KINDS = 4  # synthetic mean, synthetic scatter, real mean, real scatter
EXACT_REASON = (
    "the fitted mean and covariance are drawn from their exact sampling distributions (normal "
    "and Wishart, by the Bartlett decomposition), so the cost does not grow with the sample size"
)


def covers_exact(cfg: MultivariateConfig) -> bool:
    return cfg.regime in ("replace", "accumulate")


def choose_engine(cfg: MultivariateConfig, engine: str = "auto") -> tuple[str, str]:
    """(engine, plain-words reason). Raises ValueError for an engine that cannot run cfg."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    if engine == "monte-carlo":
        return engine, "Monte Carlo was asked for: every point is drawn"
    if covers_exact(cfg):
        return "exact", ("exact was asked for: " if engine == "exact" else "") + EXACT_REASON
    if engine == "exact":
        raise ValueError(
            f"engine 'exact' does not cover regime {cfg.regime!r} (later subsamples reuse "
            "individual points); use engine 'monte-carlo' or 'auto'"
        )
    return "monte-carlo", (
        "accumulate-subsample reuses individual points across generations, so every point is drawn and kept"
    )


def default_snapshot_generations(generations: int, count: int = 8) -> tuple[int, ...]:
    """About `count` generations from 0 to G, roughly evenly spaced on a log scale."""
    raw = np.unique(np.round(np.geomspace(1, generations, count - 1)).astype(int))
    return (0, *(int(t) for t in raw))


def _check_snapshots(cfg, gens, reps) -> tuple[tuple[int, ...], int]:
    gens = default_snapshot_generations(cfg.generations) if gens is None else tuple(gens)
    for t in gens:
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t <= cfg.generations:
            raise ValueError(
                f"snapshot_generations must hold integers from 0 to {cfg.generations}; got {t!r}"
            )
    if isinstance(reps, bool) or not isinstance(reps, int) or not 0 <= reps <= MAX_SNAPSHOT_REPLICATES:
        raise ValueError(
            f"snapshot_replicates must be an integer from 0 to {MAX_SNAPSHOT_REPLICATES}; got {reps!r}"
        )
    return tuple(sorted(set(int(t) for t in gens))), min(reps, cfg.replicates)


def simulate_arrays(
    cfg: MultivariateConfig,
    engine: str,
    *,
    chunk: int | None = None,
    snapshot_generations=None,
    snapshot_replicates: int = 4,
) -> dict[str, np.ndarray]:
    """The stored arrays of a run (metrics (R, G + 1) and snapshots); cfg.seed must be set.

    chunk: standard normal numbers per numpy call of the Monte Carlo engine (memory only; the
    exact engine draws nothing that grows with M and ignores it).
    """
    if cfg.seed is None:
        raise ValueError("simulate_arrays needs a config with a seed")
    gens, reps = _check_snapshots(cfg, snapshot_generations, snapshot_replicates)
    r = cfg.replicates
    rec = chain.Recorder(r, cfg.generations, truth(cfg), gens, reps)
    slices = block_slices(r)
    if engine == "exact":
        if not covers_exact(cfg):
            raise ValueError(f"the exact engine does not cover regime {cfg.regime!r}")
        source = ExactSource(slices, block_generators(cfg.seed, r, _EXACT_KINDS), cfg.dimension)
        chain.run_chain(cfg, source, rec, slice(0, r), exact=True)
    elif engine == "monte-carlo":
        gen_blocks = block_generators(cfg.seed, r, 1)
        chunk = CHUNK_ELEMENTS if chunk is None else chunk
        if cfg.regime == "accumulate-subsample":
            for sl, g in zip(slices, gen_blocks, strict=True):  # the pool is held per block
                chain.run_subsample(cfg, PointSource([sl], [g], cfg.dimension, chunk), rec, sl)
        else:
            chain.run_chain(
                cfg, PointSource(slices, gen_blocks, cfg.dimension, chunk), rec, slice(0, r), exact=False
            )
    else:
        raise ValueError(f"engine must be exact or monte-carlo; got {engine!r}")
    return {
        **rec.out,
        "snapshot_generations": np.array(gens, dtype=int),
        "snapshot_log_eigenvalues": rec.snap_log_eig,
        "snapshot_mean": rec.snap_mean,
        "snapshot_covariance": rec.snap_cov,
        "truth_covariance": truth(cfg).cov.copy(),
    }


def _metric(name: str, res: Result) -> np.ndarray:
    return metrics.compute(name, res.arrays)


def run(
    cfg: MultivariateConfig,
    engine: str,
    reason: str,
    chunk: int | None = None,
    *,
    snapshot_generations=None,
    snapshot_replicates: int = 4,
) -> Result:
    """The family's runner (Family.run): cfg has its seed, the budget is checked.

    Result.arrays: the stored metrics (R, G + 1) of chain.STORED; "snapshot_generations" (S,);
    "snapshot_log_eigenvalues" (S, R, d): log eigenvalues of S0^-1 S_t, descending, of every
    replicate; "snapshot_mean" (S, n, d) and "snapshot_covariance" (S, n, d, d): the fitted
    models of the first n = snapshot_replicates replicates in the truth's coordinates;
    "truth_covariance" (d, d).
    """
    arrays = simulate_arrays(
        cfg,
        engine,
        chunk=chunk,
        snapshot_generations=snapshot_generations,
        snapshot_replicates=snapshot_replicates,
    )
    return Result(
        config=cfg,
        engine=engine,
        engine_reason=reason,
        arrays=arrays,
        _metric_fn=_metric,
        metric_names=tuple(metrics.METRICS),
    )
