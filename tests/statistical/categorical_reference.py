"""A slow, obviously correct categorical chain: one replicate, full-K vectors, plain numpy.

Each generation: real counts (fresh multinomial from the truth, or generation 1's reused),
synthetic counts = one multinomial over all K from the current model (decoded by
reference_decode, a plain loop over the sorted categories, when a knob is on), then the regime;
accumulate-subsample keeps the actual tokens and picks M of them without replacement.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from collapse_core.categorical import truth_probabilities


def reference_chain(cfg, rng: np.random.Generator) -> dict[str, np.ndarray]:
    p0 = truth_probabilities(cfg)
    k, m, alpha = cfg.categories, cfg.sample_size, cfg.smoothing
    p, pool, tokens, fixed = p0, np.zeros(k, dtype=np.int64), np.empty(0, dtype=np.int64), None
    rows = [_metrics(p0, np.ones(k, bool), p0)]
    for t in range(cfg.generations):
        if fixed is not None:
            real = fixed
        else:
            real = rng.multinomial(cfg.n_real, p0)
            if cfg.real_source == "fixed":
                fixed = real
        q = p if t == 0 or not cfg.decodes else reference_decode(p, cfg.temperature, cfg.top_k, cfg.top_p)
        batch = real + rng.multinomial(cfg.n_syn, q)
        if cfg.regime == "replace":
            train = batch
        elif cfg.regime == "accumulate":
            pool = pool + batch
            train = pool
        else:
            tokens = np.concatenate([tokens, np.repeat(np.arange(k), batch)])
            train = batch if t == 0 else np.bincount(rng.choice(tokens, m, replace=False), minlength=k)
        p = (train + alpha) / (train.sum() + alpha * k)
        rows.append(_metrics(p, train > 0, p0))
    return {name: np.array([r[name] for r in rows]) for name in rows[0]}


def reference_decode(p, temperature: float, top_k: int, top_p: float) -> np.ndarray:
    """p^(1/T) renormalised; the k most probable; then walk down the ranking (ties: lower
    index first) adding categories until the kept mass reaches top_p of what top-k kept."""
    q = np.array([x ** (1.0 / temperature) for x in p])
    q /= q.sum()
    ranking = sorted((i for i in range(q.size) if q[i] > 0), key=lambda i: (-q[i], i))
    if top_k:
        ranking = ranking[:top_k]
    kept, mass, target = [], 0.0, top_p * sum(q[i] for i in ranking)
    for i in ranking:
        kept.append(i)
        mass += q[i]
        if mass >= target - 1e-12:
            break
    out = np.zeros_like(q)
    out[kept] = q[kept]
    return out / out.sum()


def _metrics(p, alive, p0) -> dict:
    out = {
        "surviving": alive.sum(),
        "heterozygosity": 1 - p @ p,
        "entropy": -special.xlogy(p, p).sum(),
        "tv_distance": 0.5 * np.abs(p - p0).sum(),
        "kl_divergence": special.xlogy(p, p).sum() - special.xlogy(p, p0).sum(),
    }
    for c in (10, 100):
        out[f"tail_coverage_top{c}"] = p0[c:][alive[c:]].sum() / p0[c:].sum() if p0.size > c else np.nan
        out[f"tail_mass_top{c}"] = p[c:].sum()
    return out
