"""The chain in whitened coordinates, shared by both engines, with its per-generation metrics.

State per replicate: mean a (d,) and covariance A = C C^T with the Cholesky factor kept
graded, C = L diag(exp(g)) (L unit lower triangular, g the log-scales of its columns), so a
covariance that collapses far below float64's range, or whose spectrum spreads beyond
float64's 1e16, keeps exact log-determinants and finite logs. The truth is N(0, I) here; the truth's coordinates
are x = L0 a (S0 = L0 L0^T), exact by affine equivariance of the sample mean and covariance.

Replace without real data: the new scatter is C W C^T with W = F F^T a standard scatter, so
the new factor is C F / sqrt(k), again lower triangular: no Cholesky decomposition at all. Otherwise groups (real part, synthetic part, the accumulated pool) are
merged exactly: pooled scatter = sum of the groups' scatters + n_a n_b / n (delta delta^T).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.multivariate.draws import Stats
from collapse_core.multivariate.factor import graded_factor
from collapse_core.multivariate.truth import Truth

STORED = (
    "log_trace_ratio",
    "logdet_ratio",
    "log_eig_min_ratio",
    "log_eig_max_ratio",
    "mean_drift",
    "wasserstein2",
    "kl_divergence",
)


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
    """Fitted models of `rows` replicates in graded form: A = C C^T with C = L diag(exp(g)),
    L unit lower triangular and the log-scales g (rows, d) carried apart (see module docstring).
    """

    def __init__(self, rows: int, d: int):
        self.a = np.zeros((rows, d))
        self.g = np.zeros((rows, d))
        self.lo = np.broadcast_to(np.eye(d), (rows, d, d)).copy()
        self.pool: Group | None = None

    def factor(self) -> tuple[np.ndarray, np.ndarray]:
        """(C / exp(gm), gm): the Cholesky factor scaled by its largest column scale gm (0 for a
        point mass, whose scales are all -inf and whose C is 0)."""
        gm = self.g.max(axis=1)
        gm = np.where(np.isfinite(gm), gm, 0.0)
        return self.lo * np.exp(self.g - gm[:, None])[:, None, :], gm

    def step_pure(self, syn: Stats, k: int) -> None:
        """Replace, synthetic data only: a += C zbar, C <- C F / sqrt(k), in graded form.

        L D F = L (D F D^-1) D, and D F D^-1 is lower triangular with F's diagonal and entries
        F_ij exp(g_i - g_j) below it (tiny where a later coordinate has collapsed further), so
        the new L is L (D F D^-1) diag(F)^-1 and g gains log diag(F) - log(k)/2: the logs of the
        determinant are exact, whatever the spread of the spectrum.
        """
        f = syn.factor
        self.a = self.a + _mv(self.lo, np.exp(self.g) * syn.zbar)
        diff = self.g[:, :, None] - self.g[:, None, :]
        fd = np.diagonal(f, axis1=1, axis2=2)
        scaled = np.tril(f * np.exp(np.minimum(diff, 700.0)), -1)
        self.lo = self.lo @ (scaled / fd[:, None, :] + np.eye(f.shape[-1]))
        self.g = self.g + np.log(fd) - 0.5 * np.log(k)

    def syn_group(self, syn: Stats) -> Group:
        c, gm = self.factor()
        mean = self.a + _mv(self.lo, np.exp(self.g) * syn.zbar)
        if syn.factor is not None:
            h = c @ syn.factor
            q = h @ np.swapaxes(h, 1, 2)
        else:
            q = c @ syn.scatter @ np.swapaxes(c, 1, 2)
        return Group(syn.n, mean, q * np.exp(2.0 * gm)[:, None, None])

    def fit(self, batch: Group, accumulate: bool, ddof: int) -> None:
        """The new model from a training set (the batch, or the pool of all batches)."""
        if accumulate:
            self.pool = merge(self.pool, batch)
            batch = self.pool
        self.a = batch.mean
        self.g, self.lo = graded_factor(batch.q / (batch.n - ddof))

    def fit_points(self, train: np.ndarray, ddof: int) -> None:
        """The new model from actual points (rows, n, d)."""
        n = train.shape[1]
        mean = train.mean(axis=1)
        c = train - mean[:, None, :]
        self.fit(Group(n, mean, np.swapaxes(c, 1, 2) @ c), False, ddof)

    def sample(self, z: np.ndarray) -> np.ndarray:
        """Points a + C z from standard normal points z (rows, n, d)."""
        c, gm = self.factor()
        return self.a[:, None, :] + np.exp(gm)[:, None, None] * (z @ np.swapaxes(c, 1, 2))


def correction_map(state: State, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """Self-correction (Gillman et al. 2024) as x' = B x + b0 per replicate: each synthetic point
    moved a share gamma toward T(x) = C^-1 (x - a), which carries the model N(a, C C^T) onto the
    whitened truth N(0, I); B = (1 - gamma) I + gamma C^-1, b0 = -gamma C^-1 a."""
    c, gm = state.factor()
    inv = np.linalg.inv(c) * np.exp(-gm)[:, None, None]
    d = c.shape[-1]
    return (1.0 - gamma) * np.eye(d) + gamma * inv, -gamma * _mv(inv, state.a)


# Below this ratio of smallest to largest singular value, the smallest is recomputed as
# 1 / the largest singular value of C^-1 (the largest is always accurate to float64 precision).
_ILL = 1e-6


def log_singular_values(state: State) -> np.ndarray:
    """log of the singular values of C (rows, d), largest first; the smallest computed from
    C^-1 where C is ill-conditioned, so it stays accurate beyond float64's 1e-16 spread. A
    singular model (k scales of -inf) has exactly k zero singular values: logs -inf."""
    c, gm = state.factor()
    sv = np.linalg.svd(c, compute_uv=False)
    with np.errstate(divide="ignore"):
        out = np.log(sv) + gm[:, None]
    zeros = np.isneginf(state.g).sum(axis=1)
    d = out.shape[1]
    out[np.arange(d)[None, :] >= d - zeros[:, None]] = -np.inf
    ill = (sv[:, -1] < _ILL * sv[:, 0]) & (zeros == 0)
    if ill.any():
        g = state.g[ill]
        hm = (-g).max(axis=1)
        inv = np.exp(-g - hm[:, None])[:, :, None] * np.linalg.inv(state.lo[ill])
        out[ill, -1] = -(np.log(np.linalg.svd(inv, compute_uv=False)[:, 0]) + hm)
    return out


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
        a = state.a
        c, gm = state.factor()
        log_sv = log_singular_values(state)
        logdet = 2.0 * state.g.sum(axis=1)
        e2g = np.exp(2.0 * gm)
        fro_c = np.einsum("rij,rij->r", c, c)
        if tr.isotropic:
            fro_lc, nuc, drift_sq = (
                fro_c,
                np.exp(log_sv - gm[:, None]).sum(axis=1),
                np.einsum("ri,ri->r", a, a),
            )
        else:
            lc = tr.l0 @ c
            fro_lc = np.einsum("rij,rij->r", lc, lc)
            nuc = np.linalg.svd(np.swapaxes(c, 1, 2) @ tr.b, compute_uv=False).sum(axis=1)
            la = a @ tr.l0.T
            drift_sq = np.einsum("ri,ri->r", la, la)
        out = self.out
        with np.errstate(divide="ignore"):  # a point mass: trace 0, log -inf
            out["log_trace_ratio"][rows, t] = 2.0 * gm + np.log(fro_lc) - np.log(tr.trace)
        out["logdet_ratio"][rows, t] = logdet
        out["log_eig_max_ratio"][rows, t] = 2.0 * log_sv[:, 0]
        out["log_eig_min_ratio"][rows, t] = 2.0 * log_sv[:, -1]
        out["mean_drift"][rows, t] = np.sqrt(np.einsum("ri,ri->r", a, a))
        w2sq = drift_sq + e2g * fro_lc + tr.trace - 2.0 * np.exp(gm) * nuc
        out["wasserstein2"][rows, t] = np.sqrt(np.maximum(w2sq, 0.0))
        out["kl_divergence"][rows, t] = 0.5 * (e2g * fro_c + np.einsum("ri,ri->r", a, a) - d - logdet)
        if t in self.snap_gens:
            j = self.snap_gens.index(t)
            self.snap_log_eig[j, rows] = 2.0 * log_sv
            lo, hi = rows.start, min(rows.stop, self.snap_reps)
            if lo < hi:
                part = slice(0, hi - lo)
                lc = tr.l0 @ c[part]
                self.snap_mean[j, lo:hi] = a[part] @ tr.l0.T
                self.snap_cov[j, lo:hi] = e2g[part, None, None] * (lc @ np.swapaxes(lc, 1, 2))


def run_chain(cfg, source, rec: Recorder, rows: slice, *, exact: bool) -> None:
    """Generations 0..G of the replicates `rows` (source draws for exactly those rows).

    Regimes replace and accumulate; stream kinds of the exact source: 0/1 synthetic mean and
    scatter, 2/3 real mean and scatter. The Monte Carlo source draws real points first, then
    synthetic ones, from one stream.
    """
    d, n_r, n_s = cfg.dimension, cfg.n_real, cfg.n_syn
    state = State(source.rows, d)
    rec.record(0, state, rows)
    pure = cfg.regime == "replace" and n_r == 0 and not cfg.correction
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
            if syn is not None and cfg.correction:
                b, b0 = correction_map(state, cfg.correction)
                syn = Group(syn.n, _mv(b, syn.mean) + b0, b @ syn.q @ np.swapaxes(b, 1, 2))
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
        if cfg.correction:
            b, b0 = correction_map(state, cfg.correction)
            syn = syn @ np.swapaxes(b, 1, 2) + b0[:, None, :]
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
