"""A slow, obviously correct reference for the mixture family: one replicate at a time,
plain numpy and scipy, written for clarity (the oracle for the batched EM and chain)."""

from __future__ import annotations

import numpy as np
from scipy import special

from collapse_core.mixture.em import FROZEN_MASS
from collapse_core.mixture.truth import truth

EPS10 = 10 * np.finfo(float).eps


def log_normal_pdf(x, mean, cov):
    """log N(x; mean, cov) for the rows of x (N, D), straight from the formula."""
    d = len(mean)
    diff = x - mean
    maha = np.einsum("nd,nd->n", diff @ np.linalg.inv(cov), diff)
    return -0.5 * (d * np.log(2 * np.pi) + np.log(np.linalg.det(cov)) + maha)


def reference_em(x, w, mu, cov, *, tol, max_iter, floor):
    """EM on one data set x (N, D); returns (w, mu, cov, iterations, converged)."""
    w, mu, cov = w.copy(), mu.copy(), cov.copy()
    k, d = mu.shape
    prev = -np.inf
    for it in range(1, max_iter + 1):
        logp = np.column_stack([np.log(w[j]) + log_normal_pdf(x, mu[j], cov[j]) for j in range(k)])
        lognorm = special.logsumexp(logp, axis=1)
        resp = np.exp(logp - lognorm[:, None])
        ll = lognorm.mean()
        nk = resp.sum(axis=0) + EPS10
        for j in range(k):
            if resp[:, j].sum() < FROZEN_MASS:
                continue  # a dead component keeps its mean and covariance
            mu[j] = resp[:, j] @ x / nk[j]
            diff = x - mu[j]
            cov[j] = (resp[:, j] * diff.T) @ diff / nk[j] + floor * np.eye(d)
        w = nk / nk.sum()
        if abs(ll - prev) < tol:
            return w, mu, cov, it, True
        prev = ll
    return w, mu, cov, max_iter, False


def sample_mixture(rng, w, mu, cov, n):
    counts = rng.multinomial(n, w / w.sum())
    parts = [rng.multivariate_normal(mu[j], cov[j], size=c) for j, c in enumerate(counts)]
    return np.concatenate(parts, axis=0)


def reference_chain(cfg, rng):
    """(weights (G+1, K), means (G+1, K, D), covariances (G+1, K, D, D)) of one replicate."""
    t0 = truth(cfg)
    w0, mu0, cov0 = t0.weights[0], t0.means[0], t0.covariances[0]
    w, mu, cov = w0.copy(), mu0.copy(), cov0.copy()
    out_w, out_mu, out_cov = [w], [mu], [cov]
    pool, fixed = [], None
    for t in range(cfg.generations):
        if fixed is not None:
            real = fixed
        else:
            real = sample_mixture(rng, w0, mu0, cov0, cfg.n_real)
            if cfg.real_source == "fixed":
                fixed = real
        batch = np.concatenate([real, sample_mixture(rng, w, mu, cov, cfg.n_syn)])
        if cfg.regime == "replace":
            train = batch
        else:
            pool.append(batch)
            everything = np.concatenate(pool)
            if cfg.regime == "accumulate" or t == 0:
                train = everything
            else:
                train = everything[rng.choice(len(everything), cfg.sample_size, replace=False)]
        w, mu, cov, _, _ = reference_em(
            train, w, mu, cov, tol=cfg.em_tol, max_iter=cfg.em_max_iter, floor=cfg.variance_floor
        )
        out_w.append(w)
        out_mu.append(mu)
        out_cov.append(cov)
    return np.array(out_w), np.array(out_mu), np.array(out_cov)


def reference_runs(cfg, replicates, seed):
    rngs = np.random.default_rng(seed).spawn(replicates)
    runs = [reference_chain(cfg, g) for g in rngs]
    return {
        name: np.array([r[i] for r in runs]) for i, name in enumerate(("weights", "means", "covariances"))
    }
