"""The mixture chain: sample from the fitted mixture, form the training set, refit by EM.

Vectorised across replicates: each block of up to 256 replicates (collapse_core.streams) is
one batch; its draws come from the block's own streams in a fixed order (real points,
synthetic points, subsample indices), and EM stops per replicate, so neither the chunk size
nor the other replicates of a run change a replicate's chain.

Stored per generation (column 0 is the truth): weights (R, G+1, K), means (R, G+1, K, D),
covariances (R, G+1, K, D, D), em_iterations (R, G+1) and em_converged (R, G+1).
"""

from __future__ import annotations

import numpy as np

from collapse_core.gaussian.monte_carlo import distinct_indices
from collapse_core.mixture import em, on_data
from collapse_core.mixture.config import MixtureConfig
from collapse_core.mixture.truth import Mixture
from collapse_core.streams import block_generators, block_slices

ENGINES = ("auto", "em")
ENGINE_REASON = (
    "every point is drawn and each generation's mixture is fitted by batched EM (no closed "
    "form exists), warm-started from the previous generation's fit"
)
_REAL, _SYN, _SUB = 0, 1, 2
_KINDS = 3


def choose_engine(cfg: MixtureConfig, engine: str = "auto") -> tuple[str, str]:
    """The family's one engine: (engine, plain-words reason)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    reason = ("em was asked for: " if engine == "em" else "") + ENGINE_REASON
    if cfg.data:
        reason += (
            "; your data is the truth: generation 1 and every real point resampled from it with "
            "replacement, standardised to the average component sd of the K-mixture fitted to all of it"
        )
    return "em", reason


def allocate(cfg: MixtureConfig) -> dict[str, np.ndarray]:
    r, g1, k, d = cfg.replicates, cfg.generations + 1, cfg.components, cfg.dimension
    return {
        "weights": np.empty((r, g1, k)),
        "means": np.empty((r, g1, k, d)),
        "covariances": np.empty((r, g1, k, d, d)),
        "em_iterations": np.zeros((r, g1), dtype=np.int32),
        "em_converged": np.ones((r, g1), dtype=bool),
    }


def run_block(cfg: MixtureConfig, gens, out: dict[str, np.ndarray], rows_per_call: int | None = None) -> None:
    """Run one block's chains, writing into `out` (views of the block's rows)."""
    n = out["weights"].shape[0]
    m, g, n_real, n_syn = cfg.sample_size, cfg.generations, cfg.n_real, cfg.n_syn
    true_mix = on_data.truth_mixture(cfg)
    model = true_mix.rows(n)
    out["weights"][:, 0], out["means"][:, 0], out["covariances"][:, 0] = (
        model.weights,
        model.means,
        model.covariances,
    )
    fixed = None
    pool = None if cfg.regime == "replace" else np.empty((n, m * g, cfg.dimension))
    for t in range(g):
        parts = []
        if n_real:
            if fixed is None:
                real = _draw_real(cfg, gens[_REAL], true_mix, n, n_real)
                if cfg.real_source == "fixed":
                    fixed = real
            else:
                real = fixed
            parts.append(real)
        if n_syn:
            if cfg.data and t == 0:  # generation 1 is fitted on draws from the truth: the data
                parts.append(_draw_real(cfg, gens[_SYN], true_mix, n, n_syn))
            else:
                parts.append(em.sample(gens[_SYN], model, n_syn))
        batch = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)
        if pool is None:
            train = batch
        else:
            size = m * (t + 1)
            pool[:, size - m : size] = batch
            if cfg.regime == "accumulate" or t == 0:
                train = pool[:, :size]
            else:
                pick = distinct_indices(gens[_SUB], n, size, m)
                train = np.take_along_axis(pool[:, :size], pick[..., None], axis=1)
        model, iters, conv = em.fit(
            train,
            model,
            tol=cfg.em_tol,
            max_iter=cfg.em_max_iter,
            floor=cfg.variance_floor,
            rows_per_call=rows_per_call,
        )
        out["weights"][:, t + 1] = model.weights
        out["means"][:, t + 1] = model.means
        out["covariances"][:, t + 1] = model.covariances
        out["em_iterations"][:, t + 1] = iters
        out["em_converged"][:, t + 1] = conv


def _draw_real(cfg: MixtureConfig, gen, true_mix: Mixture, n: int, n_real: int) -> np.ndarray:
    """(n, n_real, D) points from the truth: the mixture's, or the data's resampled."""
    if cfg.data:
        return on_data.data_truth(cfg).draw(gen, (n, n_real))[..., None]
    return em.sample(gen, true_mix.rows(n), n_real)


def run_arrays(cfg: MixtureConfig, seed: int, rows_per_call: int | None = None) -> dict[str, np.ndarray]:
    out = allocate(cfg)
    for sl, gens in zip(
        block_slices(cfg.replicates), block_generators(seed, cfg.replicates, _KINDS), strict=True
    ):
        run_block(cfg, gens, {k: v[sl] for k, v in out.items()}, rows_per_call)
    return out


def state(arrays: dict[str, np.ndarray], generation: int | slice = slice(None)) -> Mixture:
    """The fitted mixtures of one generation (rows = replicates), or of several."""
    return Mixture(
        arrays["weights"][:, generation], arrays["means"][:, generation], arrays["covariances"][:, generation]
    )


def _metric(name: str, res):
    from collapse_core.mixture import metrics

    return metrics.compute(name, res)


def run(cfg: MixtureConfig, engine: str, reason: str, chunk: int | None = None):
    """The family's runner (Family.run): cfg has its seed, the budget is checked. `chunk`
    bounds the replicates fitted together (memory); it never changes a result.

    Result.arrays holds the fitted parameters of every replicate and generation (see the
    module docstring); the metrics are computed from them on demand.
    """
    from collapse_core.mixture.metrics import METRICS
    from collapse_core.result import Result

    arrays = run_arrays(cfg, cfg.seed, rows_per_call=chunk)
    return Result(
        config=cfg,
        engine=engine,
        engine_reason=reason,
        arrays=arrays,
        _metric_fn=_metric,
        metric_names=tuple(METRICS),
    )


def simulate_mixture(cfg: MixtureConfig, engine: str = "auto", budget=None, chunk: int | None = None):
    """Run the chain (collapse_core.simulate with a type check)."""
    from collapse_core.budget import INTERACTIVE
    from collapse_core.run import simulate

    if not isinstance(cfg, MixtureConfig):
        raise TypeError(f"simulate_mixture needs a MixtureConfig; got {type(cfg).__name__}")
    return simulate(cfg, engine=engine, budget=budget or INTERACTIVE, chunk=chunk)
