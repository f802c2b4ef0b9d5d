"""The digits engine: per class, a Gaussian in the PCA space, vectorised across replicates.

The model of a generation is (pi, mu_c, Sigma_c): class prior, and per class the maximum
likelihood mean and covariance (divided by n, not n - 1) of that class's training images in
the d-dimensional PCA space. Sampling: class labels (fixed quotas, or multinomial draws from
the refitted prior), then mu_c + A_c eps with A_c A_c^T = Sigma_c (from an eigendecomposition,
so a singular covariance - a class with fewer than d + 1 images - is fine). A class with no
training image keeps its previous model (under a refitted prior it is then extinct: pi_c = 0).

Fitting needs only per-class sufficient statistics (count, sum, sum of outer products), so
"accumulate" adds them up instead of keeping every image; "accumulate-subsample" keeps the
images (it must draw M of them without replacement).

Each generation's *sample* is M images from its model: n_syn of them (the first, drawn
first) are the synthetic part of the next training set, and the other n_real are drawn only
to measure the generation on M images. Generation 0's sample is M images drawn from the
truth (the training pool, with replacement, projected onto the PCA space).

Streams per block of replicates: synthetic/evaluation samples, real draws, subsampling,
snapshots. Every draw has a shape fixed by the config, in a fixed order, so results never
depend on anything but the seed and the block.
"""

from __future__ import annotations

import numpy as np

from collapse_core.digits import metrics as metrics_mod
from collapse_core.digits.config import DigitsConfig
from collapse_core.digits.data import CLASSES, real_digits, space
from collapse_core.gaussian.monte_carlo import distinct_indices
from collapse_core.streams import block_generators, block_slices

_SAMPLE, _REAL, _SUB, _SNAP = range(4)
_KINDS = 4
SNAPSHOT_PER_CLASS = 3
_CLASS = np.arange(CLASSES)


def quotas(n: int, prior: np.ndarray) -> np.ndarray:
    """n images split over the classes in proportion to prior (largest remainder)."""
    raw = n * np.asarray(prior, dtype=float)
    q = np.floor(raw).astype(np.int64)
    rest = n - int(q.sum())
    if rest:
        q[np.argsort(-(raw - q), kind="stable")[:rest]] += 1
    return q


class Model:
    """One generation's models for a block of replicates: pi (b, 10), mu (b, 10, d),
    cov (b, 10, d, d), root (b, 10, d, d) with root root^T = cov."""

    def __init__(self, pi, mu, cov):
        self.pi, self.mu, self.cov = pi, mu, cov
        self.root = sqrt_psd(cov)


_JITTER = 1e-9  # added to every variance before a Cholesky factorisation (pixel units^2)


def sqrt_psd(cov: np.ndarray) -> np.ndarray:
    """A with A A^T = cov, batched: the Cholesky factor of cov + 1e-9 I (pixel variances are
    of order 1 to 100, so the added 1e-9 is invisible, and a singular covariance - a class
    with at most d images - factorises too); should that still fail, the symmetric square
    root from eigh with negative rounding clipped."""
    cov = 0.5 * (cov + np.swapaxes(cov, -1, -2))
    d = cov.shape[-1]
    try:
        return np.linalg.cholesky(cov + _JITTER * np.eye(d))
    except np.linalg.LinAlgError:
        pass
    w, v = np.linalg.eigh(cov)
    return v * np.sqrt(np.maximum(w, 0.0))[..., None, :]


def _class_counts(gen, model: Model, n: int, cfg: DigitsConfig, prior0: np.ndarray) -> np.ndarray:
    """(b, 10) images per class: fixed quotas, or multinomial draws from the refitted prior."""
    b = model.pi.shape[0]
    if cfg.class_prior == "fixed":
        return np.broadcast_to(quotas(n, prior0), (b, CLASSES))
    return gen.multinomial(n, model.pi)


def sample_model(gen, model: Model, n: int, cfg: DigitsConfig, prior0) -> tuple[np.ndarray, np.ndarray]:
    """n images per replicate from the model: (z (b, n, d), labels (b, n)), sorted by class.

    The normals are drawn as one (b, n, d) array. Labels are sorted by class, so each class
    occupies a run of positions in every row; the class's transform is applied to the slice
    spanning its runs across the block (a little wider than one run) and kept where the label
    matches: no gathers or scatters."""
    counts = _class_counts(gen, model, n, cfg, prior0)
    b = counts.shape[0]
    ends = np.cumsum(counts, axis=1)
    starts = ends - counts
    y = (np.arange(n)[None, :, None] >= ends[:, None, :]).sum(axis=2)
    eps = gen.standard_normal((b, n, cfg.components))
    z = np.empty_like(eps)
    for c in range(CLASSES):
        lo, hi = _span(starts[:, c], ends[:, c])
        if hi <= lo:
            continue
        zc = model.mu[:, c, None, :] + eps[:, lo:hi] @ np.swapaxes(model.root[:, c], 1, 2)
        np.copyto(z[:, lo:hi], zc, where=(y[:, lo:hi] == c)[..., None])
    return z, y


def _span(starts: np.ndarray, ends: np.ndarray) -> tuple[int, int]:
    """The slice covering every row's run [start, end) of one class (empty runs ignored)."""
    has = ends > starts
    if not has.any():
        return 0, 0
    return int(starts[has].min()), int(ends[has].max())


def sample_truth(gen, b: int, n: int, cfg: DigitsConfig) -> tuple[np.ndarray, np.ndarray]:
    """n training-pool images per replicate, with replacement (projected): (z, labels)."""
    real, sp = real_digits(), space(cfg.components)
    if cfg.class_prior == "fixed":
        y = np.broadcast_to(np.repeat(_CLASS, quotas(n, real.prior)), (b, n))
        u = gen.random((b, n))
        idx = real.train_start[y] + np.floor(u * real.train_count[y]).astype(np.int64)
    else:
        idx = gen.integers(0, real.train_y.size, (b, n))
    return sp.train_z[idx], real.train_y[idx]


def sample_held_out(gen, b: int, n: int, cfg: DigitsConfig) -> tuple[np.ndarray, np.ndarray]:
    """n held-out real images per replicate, uniformly with replacement (projected)."""
    real, sp = real_digits(), space(cfg.components)
    idx = gen.integers(0, real.held_y.size, (b, n))
    return sp.held_z[idx], real.held_y[idx]


class Stats:
    """Per-class sufficient statistics of training sets: count (b, 10), sum (b, 10, d),
    sum of outer products (b, 10, d, d)."""

    def __init__(self, z: np.ndarray, y: np.ndarray):
        b, n, d = z.shape
        # Sort each row by class (a model's samples already are), then sum each class over the
        # slice spanning its runs in the block, other classes zeroed: about n d^2 work per row,
        # not 10 n d^2.
        if n > 1 and not np.all(y[:, 1:] >= y[:, :-1]):
            order = np.argsort(y, axis=1, kind="stable")
            zs = np.take_along_axis(z, order[..., None], axis=1)
        else:
            zs = z
        ys = np.sort(y, axis=1) if zs is not z else y
        counts = np.zeros((b, CLASSES), dtype=np.int64)
        np.add.at(counts, (np.arange(b)[:, None], y), 1)
        ends = np.cumsum(counts, axis=1)
        starts = ends - counts
        self.count = counts.astype(float)
        self.s1 = np.zeros((b, CLASSES, d))
        self.s2 = np.zeros((b, CLASSES, d, d))
        for c in range(CLASSES):
            lo, hi = _span(starts[:, c], ends[:, c])
            if hi <= lo:
                continue
            win = zs[:, lo:hi] * (ys[:, lo:hi] == c)[..., None]
            self.s1[:, c] = win.sum(axis=1)
            self.s2[:, c] = np.swapaxes(win, 1, 2) @ win

    def add(self, other: Stats) -> None:
        self.count += other.count
        self.s1 += other.s1
        self.s2 += other.s2


def fit(st: Stats, prev: Model, cfg: DigitsConfig, prior0: np.ndarray) -> Model:
    """Maximum likelihood per class; a class without images keeps prev's mean and covariance."""
    n = st.count
    has = n > 0
    safe = np.maximum(n, 1.0)
    mu = st.s1 / safe[..., None]
    cov = st.s2 / safe[..., None, None] - mu[..., :, None] * mu[..., None, :]
    # Rounding can leave a variance a hair below zero (n = 1, or identical images): clip it.
    diag = np.einsum("...ii->...i", cov)
    np.maximum(diag, 0.0, out=diag)
    mu = np.where(has[..., None], mu, prev.mu)
    cov = np.where(has[..., None, None], cov, prev.cov)
    if cfg.class_prior == "fixed":
        pi = np.broadcast_to(prior0, n.shape)
    else:
        pi = n / n.sum(axis=1, keepdims=True)
    return Model(pi, mu, cov)


class Output:
    def __init__(self, cfg: DigitsConfig, snap_gens, snap_reps: int):
        r, g = cfg.replicates, cfg.generations
        self.metrics = {name: np.empty((r, g + 1)) for name in metrics_mod.STORED}
        self.class_prior = np.empty((r, g + 1, CLASSES))
        self.snap_index = {int(t): i for i, t in enumerate(snap_gens)}
        self.snap_reps = snap_reps
        self.snapshots = np.full((len(snap_gens), snap_reps, CLASSES, SNAPSHOT_PER_CLASS, 64), np.nan)


def _truth_model(cfg: DigitsConfig, b: int) -> Model:
    real, sp = real_digits(), space(cfg.components)
    d = cfg.components
    return Model(
        np.broadcast_to(real.prior, (b, CLASSES)).copy(),
        np.broadcast_to(sp.class_mean, (b, CLASSES, d)).copy(),
        np.broadcast_to(sp.class_cov, (b, CLASSES, d, d)).copy(),
    )


def _snapshot(out: Output, gen, cfg: DigitsConfig, model: Model, t: int) -> None:
    """Images per class from generation t's model for the first snapshot replicates (block 0)."""
    if t not in out.snap_index or out.snap_reps == 0:
        return
    sp, real = space(cfg.components), real_digits()
    n, k = out.snap_reps, SNAPSHOT_PER_CLASS
    if t == 0:
        u = gen.random((n, CLASSES, k))
        idx = real.train_start[:, None] + np.floor(u * real.train_count[:, None]).astype(np.int64)
        z = sp.train_z[idx]
        alive = np.ones((n, CLASSES), dtype=bool)
    else:
        eps = gen.standard_normal((n, CLASSES, k, cfg.components))
        z = model.mu[:n, :, None, :] + eps @ np.swapaxes(model.root[:n], -1, -2)
        alive = model.pi[:n] > 0
    pix = sp.render(z)
    pix[~alive] = np.nan  # an extinct class has no images
    out.snapshots[out.snap_index[t]] = pix


def _record(out: Output, rows: slice, t: int, cfg: DigitsConfig, model: Model, z, y) -> None:
    values = metrics_mod.reduce(cfg, model, z, y)
    for name, val in values.items():
        out.metrics[name][rows, t] = val
    out.class_prior[rows, t] = model.pi


def _run_block(cfg: DigitsConfig, gens, rows: slice, out: Output, snaps: bool) -> None:
    b = rows.stop - rows.start
    m, n_real, n_syn = cfg.sample_size, cfg.n_real, cfg.n_syn
    prior0 = real_digits().prior
    model = _truth_model(cfg, b)
    # Generation 0's sample: M images from the truth; the first n_syn go into generation 1.
    z, y = _sample_generation(lambda n: sample_truth(gens[_SAMPLE], b, n, cfg), cfg)
    _record(out, rows, 0, cfg, model, z, y)
    if snaps:
        _snapshot(out, gens[_SNAP], cfg, model, 0)
    fixed_real = None
    stats = None
    pool_z = pool_y = None
    if cfg.regime == "accumulate-subsample":
        pool_z = np.empty((b, m * cfg.generations, cfg.components))
        pool_y = np.empty((b, m * cfg.generations), dtype=np.int64)
    for t in range(1, cfg.generations + 1):
        # The batch of new images: n_real real, n_syn from generation t - 1.
        parts_z, parts_y = [], []
        if n_real:
            if fixed_real is None:
                real_z, real_y = sample_held_out(gens[_REAL], b, n_real, cfg)
                if cfg.real_source == "fixed":
                    fixed_real = (real_z, real_y)
            else:
                real_z, real_y = fixed_real
            parts_z.append(real_z)
            parts_y.append(real_y)
        if n_syn:
            parts_z.append(z[:, :n_syn])
            parts_y.append(y[:, :n_syn])
        if cfg.regime != "accumulate-subsample":
            # Each part's statistics on its own: the synthetic part is sorted by class already.
            batch = Stats(parts_z[0], parts_y[0])
            for pz, py in zip(parts_z[1:], parts_y[1:], strict=True):
                batch.add(Stats(pz, py))
            if cfg.regime == "replace" or stats is None:
                stats = batch
            else:
                stats.add(batch)
        else:
            bz = np.concatenate(parts_z, axis=1) if len(parts_z) > 1 else parts_z[0]
            by = np.concatenate(parts_y, axis=1) if len(parts_y) > 1 else parts_y[0]
            lo = (t - 1) * m
            pool_z[:, lo : lo + m] = bz
            pool_y[:, lo : lo + m] = by
            if t == 1:
                stats = Stats(bz, by)
            else:
                idx = distinct_indices(gens[_SUB], b, t * m, m)
                stats = Stats(
                    np.take_along_axis(pool_z, idx[..., None], axis=1),
                    np.take_along_axis(pool_y, idx, axis=1),
                )
        model = fit(stats, model, cfg, prior0)
        z, y = _sample_generation(lambda n, mo=model: sample_model(gens[_SAMPLE], mo, n, cfg, prior0), cfg)
        _record(out, rows, t, cfg, model, z, y)
        if snaps:
            _snapshot(out, gens[_SNAP], cfg, model, t)


def _sample_generation(draw, cfg: DigitsConfig) -> tuple[np.ndarray, np.ndarray]:
    """M images of one generation, draw(n) -> (z, y): n_syn first (the next batch's synthetic
    part), then n_real more, so that the sample always holds M images."""
    parts = [draw(n) for n in (cfg.n_syn, cfg.n_real) if n]
    if len(parts) == 1:
        return parts[0]
    return np.concatenate([p[0] for p in parts], axis=1), np.concatenate([p[1] for p in parts], axis=1)


def run(cfg: DigitsConfig, seed: int, snapshot_generations=(), snapshot_replicates: int = 1) -> Output:
    """Every block of replicates, one after another. BLAS runs single-threaded here: the
    matrices are small (d x d, a few hundred rows), where threads only add overhead (ten
    times slower on a loaded two-core machine)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _run(cfg, seed, snapshot_generations, snapshot_replicates)


def _run(cfg: DigitsConfig, seed: int, snapshot_generations, snapshot_replicates: int) -> Output:
    out = Output(cfg, snapshot_generations, min(snapshot_replicates, cfg.replicates))
    slices = block_slices(cfg.replicates)
    for i, (sl, gens) in enumerate(zip(slices, block_generators(seed, cfg.replicates, _KINDS), strict=True)):
        _run_block(cfg, gens, sl, out, snaps=i == 0)
    return out
