"""A slow, obviously correct KDE chain: one replicate, scipy.stats.gaussian_kde as the model.

The oracle for the vectorised engine: fit scipy's KDE to the training set, draw from it with
its own `resample`, read its variance and tail mass from scipy, repeat.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def truth_draws(cfg, rng, n):
    if cfg.truth_shape == "mixture":
        centre = np.where(rng.random(n) < 0.5, -0.5, 0.5) * cfg.separation * cfg.sigma0
        return cfg.mu0 + centre + rng.normal(0.0, cfg.sigma0, n)
    return rng.normal(cfg.mu0, cfg.sigma0, n)


def fit(cfg, train):
    if cfg.bandwidth_rule == "fixed":
        return stats.gaussian_kde(train, bw_method=cfg.bandwidth / train.std(ddof=1))
    return stats.gaussian_kde(train, bw_method=cfg.bandwidth_rule)


def reference_chain(cfg, rng, k=3.0):
    """Per generation 1..G: (KDE mean, KDE variance, tail mass beyond k truth sd, modes)."""
    out = []
    kde, pool, fixed = None, [], None
    a = k * cfg.truth_sd
    for t in range(cfg.generations):
        if fixed is not None:
            real = fixed
        else:
            real = truth_draws(cfg, rng, cfg.n_real)
            if cfg.real_source == "fixed":
                fixed = real
        syn = truth_draws(cfg, rng, cfg.n_syn) if kde is None else kde.resample(cfg.n_syn, seed=rng)[0]
        batch = np.concatenate([real, syn])
        if cfg.regime == "replace":
            train = batch
        else:
            pool.append(batch)
            everything = np.concatenate(pool)
            if cfg.regime == "accumulate" or t == 0:
                train = everything
            else:
                train = rng.choice(everything, cfg.sample_size, replace=False)
        kde = fit(cfg, train)
        h = float(np.sqrt(kde.covariance[0, 0]))
        tail = kde.integrate_box_1d(-np.inf, cfg.mu0 - a) + kde.integrate_box_1d(cfg.mu0 + a, np.inf)
        x = np.arange(train.min() - 6 * h, train.max() + 6 * h, h / 8)
        dens = np.exp(-0.5 * ((x[:, None] - train[None, :]) / h) ** 2).sum(axis=1)  # up to a constant
        modes = int(
            np.sum((dens[1:-1] > dens[:-2]) & (dens[1:-1] >= dens[2:]) & (dens[1:-1] > 1e-8 * dens.max()))
        )
        out.append((train.mean(), train.var() + h * h, tail, modes))
    return np.array(out)


def reference_runs(cfg, replicates, seed):
    """(R, G, 4) array of reference_chain outputs."""
    rngs = np.random.default_rng(seed).spawn(replicates)
    return np.array([reference_chain(cfg, g) for g in rngs])
