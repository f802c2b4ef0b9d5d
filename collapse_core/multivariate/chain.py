"""The chain in whitened coordinates, shared by both engines, with its per-generation metrics.

State per replicate: mean a (d,) and covariance A = exp(2 s) U U^T, with U lower triangular
(a Cholesky factor) and the log-scale s carried apart, so a covariance that collapses far
below float64's range keeps finite logs. The truth is N(0, I) here; the truth's coordinates
are x = L0 a (S0 = L0 L0^T), exact by affine equivariance of the sample mean and covariance.

Replace without real data: the new scatter is U W U^T (times exp(2 s)) with W = F F^T a
standard scatter, so the new factor is U F / sqrt(k), again lower triangular: no Cholesky
decomposition at all. Otherwise groups (real part, synthetic part, the accumulated pool) are
merged exactly: pooled scatter = sum of the groups' scatters + n_a n_b / n (delta delta^T).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.multivariate.draws import Stats
from collapse_core.multivariate.truth import Truth

STORED = ("log_trace_ratio", "logdet_ratio", "log_eig_min_ratio", "log_eig_max_ratio", "mean_drift",
          "wasserstein2", "kl_divergence")


@dataclass
class Group:
    """n points: per-replicate mean (rows, d) and centred scatter q (rows, d, d)."""

    n: int
    mean: np.ndarray
    q: np.ndarray


def merge(a: Group | None, b: Group | None) -> Group | None:
    """Chan's pairwise update in d dimensions: exact, free of cancellation."""
    if a is None or a.n == 0:
        return b
    if b is None or b.n == 0:
        return a
    n = a.n + b.n
    delta = b.mean - a.mean
    q = a.q + b.q + (a.n * b.n / n) * delta[:, :, None] * delta[:, None, :]
    return Group(n, a.mean + delta * (b.n / n), q)


def _mv(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.einsum("rij,rj->ri", m, v)


class State:
    """Fitted models of `rows` replicates: a, s, u (see the module docstring)."""

    def __init__(self, rows: int, d: int):
        self.a = np.zeros((rows, d))
        self.s = np.zeros(rows)
        self.u = np.broadcast_to(np.eye(d), (rows, d, d)).copy()
        self.pool: Group | None = None

    def normalise(self) -> None:
        """Move the factor's size into s: the diagonal's log-mean becomes 0 (det U = 1)."""
        d = self.u.shape[-1]
        c = np.log(np.diagonal(self.u, axis1=1, axis2=2)).sum(axis=1) / d
        self.u *= np.exp(-c)[:, None, None]
        self.s = self.s + c

    def step_pure(self, syn: Stats, k: int) -> None:
        """Replace, synthetic data only: a += U zbar, U <- U F / sqrt(k)."""
        scale = np.exp(self.s)[:, None]
        self.a = self.a + scale * _mv(self.u, syn.zbar)
        self.u = self.u @ syn.factor / np.sqrt(k)
        self.normalise()

    def syn_group(self, syn: Stats) -> Group:
        scale = np.exp(self.s)
        mean = self.a + scale[:, None] * _mv(self.u, syn.zbar)
        if syn.factor is not None:
            g = self.u @ syn.factor
            q = g @ np.swapaxes(g, 1, 2)
        else:
            q = self.u @ syn.scatter @ np.swapaxes(self.u, 1, 2)
        return Group(syn.n, mean, q * (scale * scale)[:, None, None])

    def fit(self, batch: Group, accumulate: bool, ddof: int) -> None:
        """The new model from a training set (the batch, or the pool of all batches)."""
        if accumulate:
            self.pool = merge(self.pool, batch)
            batch = self.pool
        self.a = batch.mean
        cov = batch.q / (batch.n - ddof)
        self.u = np.linalg.cholesky(0.5 * (cov + np.swapaxes(cov, 1, 2)))
        self.s = np.zeros(len(self.a))
        self.normalise()

    def fit_points(self, train: np.ndarray, ddof: int) -> None:
        """The new model from actual points (rows, n, d)."""
        n = train.shape[1]
        mean = train.mean(axis=1)
        c = train - mean[:, None, :]
        self.fit(Group(n, mean, np.swapaxes(c, 1, 2) @ c), False, ddof)

    def sample(self, z: np.ndarray) -> np.ndarray:
        """Points a + exp(s) U z from standard normal points z (rows, n, d)."""
        return self.a[:, None, :] + np.exp(self.s)[:, None, None] * (z @ np.swapaxes(self.u, 1, 2))


class Recorder:
    """Per-generation metrics of every replicate (in the truth's coordinates) and snapshots."""

    def __init__(self, replicates: int, generations: int, truth: Truth, snap_gens, snap_reps: int):
        self.out = {name: np.empty((replicates, generations + 1)) for name in STORED}
        self.truth = truth
        self.snap_gens = tuple(snap_gens)
        self.snap_reps = snap_reps
        d = truth.cov.shape[0]
        s = len(self.snap_gens)
        self.snap_log_eig = np.empty((s, replicates, d))
        self.snap_mean = np.empty((s, snap_reps, d))
        self.snap_cov = np.empty((s, snap_reps, d, d))

    def record(self, t: int, state: State, rows: slice) -> None:
        tr = self.truth
        d = tr.cov.shape[0]
        a, s, u = state.a, state.s, state.u
        sv = np.linalg.svd(u, compute_uv=False)  # descending
        log_sv = np.log(sv)
        diag = np.log(np.diagonal(u, axis1=1, axis2=2)).sum(axis=1)
        logdet = 2.0 * d * s + 2.0 * diag
        e2s = np.exp(2.0 * s)
        fro_u = np.einsum("rij,rij->r", u, u)
        if tr.isotropic:
            fro_lu, nuc, drift_sq = fro_u, sv.sum(axis=1), np.einsum("ri,ri->r", a, a)
        else:
            lu = tr.l0 @ u
            fro_lu = np.einsum("rij,rij->r", lu, lu)
            nuc = np.linalg.svd(np.swapaxes(u, 1, 2) @ tr.b, compute_uv=False).sum(axis=1)
            la = a @ tr.l0.T
            drift_sq = np.einsum("ri,ri->r", la, la)
        out = self.out
        out["log_trace_ratio"][rows, t] = 2.0 * s + np.log(fro_lu) - np.log(tr.trace)
        out["logdet_ratio"][rows, t] = logdet
        out["log_eig_max_ratio"][rows, t] = 2.0 * (s + log_sv[:, 0])
        out["log_eig_min_ratio"][rows, t] = 2.0 * (s + log_sv[:, -1])
        out["mean_drift"][rows, t] = np.sqrt(np.einsum("ri,ri->r", a, a))
        w2sq = drift_sq + e2s * fro_lu + tr.trace - 2.0 * np.exp(s) * nuc
        out["wasserstein2"][rows, t] = np.sqrt(np.maximum(w2sq, 0.0))
        out["kl_divergence"][rows, t] = 0.5 * (e2s * fro_u + np.einsum("ri,ri->r", a, a) - d - logdet)
        if t in self.snap_gens:
            j = self.snap_gens.index(t)
            self.snap_log_eig[j, rows] = 2.0 * (s[:, None] + log_sv)
            lo, hi = rows.start, min(rows.stop, self.snap_reps)
            if lo < hi:
                part = slice(0, hi - lo)
                lu = tr.l0 @ u[part]
                self.snap_mean[j, lo:hi] = a[part] @ tr.l0.T
                self.snap_cov[j, lo:hi] = e2s[part, None, None] * (lu @ np.swapaxes(lu, 1, 2))


def run_chain(cfg, source, rec: Recorder, rows: slice, *, exact: bool) -> None:
    """Generations 0..G of the replicates `rows` (source draws for exactly those rows).

    Regimes replace and accumulate; stream kinds of the exact source: 0/1 synthetic mean and
    scatter, 2/3 real mean and scatter. The Monte Carlo source draws real points first, then
    synthetic ones, from one stream.
    """
    d, n_r, n_s = cfg.dimension, cfg.n_real, cfg.n_syn
    state = State(source.rows, d)
    rec.record(0, state, rows)
    pure = cfg.regime == "replace" and n_r == 0
    accumulate = cfg.regime == "accumulate"
    k = cfg.sample_size - cfg.ddof
    fixed = None

    def draw(n, kind, factor=False):
        return source.stats(n, kind) if exact else source.stats(n, factor=factor)

    for t in range(cfg.generations):
        if pure:
            state.step_pure(draw(n_s, 0, factor=True), k)
        else:
            real = None
            if n_r:
                if fixed is None:
                    st = draw(n_r, 2)
                    real = Group(n_r, st.zbar, st.full())
                    if cfg.real_source == "fixed":
                        fixed = real
                else:
                    real = fixed
            syn = state.syn_group(draw(n_s, 0)) if n_s else None
            state.fit(merge(real, syn), accumulate, cfg.ddof)
        rec.record(t + 1, state, rows)


def run_subsample(cfg, source, rec: Recorder, rows: slice) -> None:
    """accumulate-subsample (Monte Carlo only): every point kept; each later model is fitted on
    M points drawn without replacement from all points so far."""
    d, m, n_r, n_s = cfg.dimension, cfg.sample_size, cfg.n_real, cfg.n_syn
    state = State(source.rows, d)
    rec.record(0, state, rows)
    pool = np.empty((source.rows, m * cfg.generations, d))
    fixed = None
    for t in range(cfg.generations):
        if fixed is None:
            real = source.points(n_r)
            if cfg.real_source == "fixed":
                fixed = real
        else:
            real = fixed
        syn = state.sample(source.points(n_s))
        size = m * (t + 1)
        pool[:, size - m : size - m + n_r] = real
        pool[:, size - n_s : size] = syn
        if t == 0:
            train = pool[:, :m]
        else:
            pick = source.integers(size, m)
            train = np.take_along_axis(pool[:, :size], pick[:, :, None], axis=1)
        state.fit_points(train, cfg.ddof)
        rec.record(t + 1, state, rows)
