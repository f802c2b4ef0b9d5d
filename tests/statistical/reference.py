"""A slow, obviously correct reference chain: one replicate, plain numpy, written for clarity.

It is the oracle for both engines: draw the actual points, fit mean and variance, repeat.
"""

from __future__ import annotations

import numpy as np


def reference_chain(cfg, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Fitted (mean, variance) for generations 0..G of one replicate."""
    mu, var = cfg.mu0, cfg.sigma0**2
    means, variances = [mu], [var]
    pool: list[np.ndarray] = []
    fixed_real = None
    for t in range(cfg.generations):
        if fixed_real is not None:
            real = fixed_real
        else:
            real = rng.normal(cfg.mu0, cfg.sigma0, cfg.n_real)
            if cfg.real_source == "fixed":
                fixed_real = real
        synthetic = rng.normal(mu, np.sqrt(var), cfg.n_syn)
        batch = np.concatenate([real, synthetic])
        if cfg.regime == "replace":
            train = batch
        else:
            pool.append(batch)
            everything = np.concatenate(pool)
            if cfg.regime == "accumulate" or t == 0:
                train = everything
            else:
                train = rng.choice(everything, cfg.sample_size, replace=False)
        mu, var = train.mean(), train.var(ddof=cfg.ddof)
        means.append(mu)
        variances.append(var)
    return np.array(means), np.array(variances)


def reference_runs(cfg, replicates: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(R, G+1) arrays of fitted means and variances from independent reference chains."""
    rngs = np.random.default_rng(seed).spawn(replicates)
    runs = [reference_chain(cfg, g) for g in rngs]
    return np.array([m for m, _ in runs]), np.array([v for _, v in runs])
