"""A slow, obviously correct regression chain: one replicate, np.linalg.lstsq on the actual rows."""

from __future__ import annotations

import numpy as np


def reference_chain(cfg, rng):
    """||w_t - w*||^2 for generations 1..G."""
    d, w_star = cfg.dimension, cfg.w_star
    w = w_star.copy()
    xs, ys, fixed, out = [], [], None, []
    for t in range(cfg.generations):
        if fixed is not None:
            xr, yr = fixed
        else:
            xr = rng.normal(size=(cfg.n_real, d))
            yr = xr @ w_star + rng.normal(0.0, cfg.noise, cfg.n_real)
            if cfg.real_source == "fixed":
                fixed = (xr, yr)
        xsyn = rng.normal(size=(cfg.n_syn, d))
        ysyn = xsyn @ w + rng.normal(0.0, cfg.noise, cfg.n_syn)
        x, y = np.vstack([xr, xsyn]), np.concatenate([yr, ysyn])
        if cfg.regime != "replace":
            xs.append(x)
            ys.append(y)
            x, y = np.vstack(xs), np.concatenate(ys)
            if cfg.regime == "accumulate-subsample" and t > 0:
                pick = rng.choice(len(y), cfg.sample_size, replace=False)
                x, y = x[pick], y[pick]
        w = np.linalg.lstsq(x, y, rcond=None)[0]
        out.append(float(np.sum((w - w_star) ** 2)))
    return np.array(out)


def reference_runs(cfg, replicates, seed):
    rngs = np.random.default_rng(seed).spawn(replicates)
    return np.array([reference_chain(cfg, g) for g in rngs])
