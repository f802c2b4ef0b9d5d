"""A slow, obviously correct reference for the multivariate family: one replicate, plain numpy
and scipy, in the truth's own coordinates, written for clarity.

Draw the actual points, fit np.mean and np.cov, repeat; metrics straight from their textbook
formulas (slogdet, generalized eigenvalues, the square roots of eigenvalues for W2's trace).

A fitted covariance can be exactly singular (fixed real points reused, a subsample of copies).
The library's rule decides it (collapse_core.multivariate.factor, SINGULAR_RATIO on the
eigenvalues): then the zero eigenvalues' logs, log det and the log eigenvalue ratios are -inf
and KL is +inf, whatever sign rounding gave those eigenvalues.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from collapse_core.multivariate.factor import SINGULAR_RATIO, is_singular


def reference_chain(cfg, cov0: np.ndarray, rng: np.random.Generator) -> tuple[list, list]:
    """Fitted means and covariances for generations 0..G of one replicate."""
    d = cfg.dimension
    mu, cov = np.zeros(d), cov0.copy()
    means, covs = [mu], [cov]
    pool: list[np.ndarray] = []
    fixed_real = None
    for t in range(cfg.generations):
        if fixed_real is not None:
            real = fixed_real
        else:
            real = rng.multivariate_normal(np.zeros(d), cov0, cfg.n_real)
            if cfg.real_source == "fixed":
                fixed_real = real
        synthetic = rng.multivariate_normal(mu, cov, cfg.n_syn)
        batch = np.concatenate([real, synthetic])
        if cfg.regime == "replace":
            train = batch
        else:
            pool.append(batch)
            everything = np.concatenate(pool)
            if cfg.regime == "accumulate" or t == 0:
                train = everything
            else:
                train = everything[rng.choice(len(everything), cfg.sample_size, replace=False)]
        mu, cov = train.mean(axis=0), np.cov(train, rowvar=False, ddof=cfg.ddof)
        means.append(mu)
        covs.append(cov)
    return means, covs


def metrics_of(mu: np.ndarray, cov: np.ndarray, cov0: np.ndarray) -> dict[str, float]:
    d = len(mu)
    eig = linalg.eigh(cov, cov0, eigvals_only=True)  # generalized: eigenvalues of cov0^-1 cov
    singular = is_singular(eig)
    with np.errstate(divide="ignore"):  # a point mass (every point the same): log 0 = -inf
        log_trace = np.log(np.trace(cov) / np.trace(cov0))
        log_eig = np.log(np.where(eig <= SINGULAR_RATIO * eig[-1], 0.0, eig))
    logdet = -np.inf if singular else np.linalg.slogdet(cov)[1] - np.linalg.slogdet(cov0)[1]
    root0 = linalg.sqrtm(cov0).real
    # tr (root0 S root0)^1/2 from its eigenvalues, those that round below 0 being 0.
    cross = np.sqrt(np.maximum(np.linalg.eigvalsh(root0 @ cov @ root0), 0.0)).sum()
    w2sq = mu @ mu + np.trace(cov) + np.trace(cov0) - 2.0 * cross
    inv0 = np.linalg.inv(cov0)
    return {
        "log_trace_ratio": float(log_trace),
        "logdet_ratio": float(logdet),
        "log_eig_min_ratio": float(log_eig.min()),
        "log_eig_max_ratio": float(log_eig.max()),
        "mean_drift": float(np.sqrt(mu @ inv0 @ mu)),
        "wasserstein2": float(np.sqrt(max(w2sq, 0.0))),
        "kl_divergence": float(0.5 * (np.trace(inv0 @ cov) + mu @ inv0 @ mu - d - logdet)),
    }


def reference_runs(cfg, cov0: np.ndarray, replicates: int, seed: int) -> dict[str, np.ndarray]:
    """Metric name -> (R, G + 1) from independent reference chains."""
    rngs = np.random.default_rng(seed).spawn(replicates)
    rows = []
    for g in rngs:
        means, covs = reference_chain(cfg, cov0, g)
        rows.append([metrics_of(m, c, cov0) for m, c in zip(means, covs, strict=True)])
    names = rows[0][0].keys()
    return {n: np.array([[gen[n] for gen in row] for row in rows]) for n in names}
