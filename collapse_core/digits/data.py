"""The real images and everything learned from them once: the split, the PCA space, the
classifier, the style centroids and the reference moments.

scikit-learn's bundled 8x8 digits (`sklearn.datasets.load_digits`: 1,797 images, pixels 0 to
16, no download). The images are split once, with SPLIT_SEED, class by class into a
*training pool* (the truth: generation 0, and generation 1's draws from the truth) and a
*held-out pool* (the real images mixed in later: "fresh" real data is drawn from it). The
PCA, the classifier, the style centroids and the Fréchet reference are fitted on the
training pool only, so held-out images are never seen by them.

Everything here is computed at first use and cached (about 1-2 s: importing scikit-learn
dominates); the simulation itself is numpy only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from collapse_core.once import computed_once

SPLIT_SEED = 20240724  # Nature paper's publication date; any fixed seed would do
HELD_OUT_SHARE = 0.5
CLASSES = 10
PIXELS = 64
PIXEL_MAX = 16.0
MAX_COMPONENTS = 40
STYLE_CLUSTERS = 40  # k-means centroids on real training images (pixel space)
STYLE_SEED = 0


@dataclass(frozen=True)
class RealDigits:
    """The split real images (pixels 0-16 as float) and their labels, sorted by class."""

    train_x: np.ndarray  # (N_train, 64)
    train_y: np.ndarray  # (N_train,)
    held_x: np.ndarray
    held_y: np.ndarray
    train_start: np.ndarray  # (10,) first index of each class in the sorted training pool
    train_count: np.ndarray  # (10,)

    @property
    def prior(self) -> np.ndarray:
        """Class proportions of the training pool (the truth's class prior)."""
        return self.train_count / self.train_count.sum()


def _readonly(*arrays):
    for a in arrays:
        a.flags.writeable = False
    return arrays


@computed_once
def real_digits() -> RealDigits:
    from sklearn.datasets import load_digits

    d = load_digits()
    x, y = d.data.astype(float), d.target.astype(np.int64)
    gen = np.random.default_rng(SPLIT_SEED)
    train_idx, held_idx = [], []
    for c in range(CLASSES):
        idx = gen.permutation(np.flatnonzero(y == c))
        n_held = round(HELD_OUT_SHARE * idx.size)
        held_idx.append(np.sort(idx[:n_held]))
        train_idx.append(np.sort(idx[n_held:]))
    tr, he = np.concatenate(train_idx), np.concatenate(held_idx)
    count = np.array([t.size for t in train_idx])
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    arrays = _readonly(x[tr], y[tr], x[he], y[he], start, count)
    return RealDigits(*arrays)


@dataclass(frozen=True)
class Space:
    """The PCA space of `components` dimensions (fitted once on the training pool) and the
    training pool's projections and moments in it."""

    components: int
    mean: np.ndarray  # (64,) pixel mean
    basis: np.ndarray  # (d, 64) orthonormal rows
    train_z: np.ndarray  # (N_train, d) projections of the training pool
    held_z: np.ndarray  # (N_held, d)
    class_mean: np.ndarray  # (10, d) truth's class means (MLE moments of the projections)
    class_cov: np.ndarray  # (10, d, d)
    ref_mean: np.ndarray  # (d,) moments of all projected training images (Fréchet reference)
    ref_cov: np.ndarray  # (d, d)
    ref_chol: np.ndarray  # (d, d) lower Cholesky factor of ref_cov
    explained: float  # share of the training pool's pixel variance the space keeps

    def render(self, z: np.ndarray) -> np.ndarray:
        """Pixels of points z (..., d): mean + z @ basis, clipped to [0, 16]."""
        return np.clip(self.mean + z @ self.basis, 0.0, PIXEL_MAX)

    def render32(self, z: np.ndarray) -> np.ndarray:
        """render() in float32 (for measuring: half the memory traffic; 7 digits are plenty).
        Basis entries below 1e-12 (pixels that are blank in every real image) count as 0, so
        no float32 underflow: they move a pixel by less than 1e-10."""
        basis = np.where(np.abs(self.basis) < 1e-12, 0.0, self.basis).astype(np.float32)
        out = z.astype(np.float32) @ basis
        out += self.mean.astype(np.float32)
        return np.clip(out, 0.0, PIXEL_MAX, out=out)


@computed_once
def _pca() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.decomposition import PCA

    real = real_digits()
    p = PCA(n_components=MAX_COMPONENTS, svd_solver="full").fit(real.train_x)
    return p.mean_.copy(), p.components_.copy(), p.explained_variance_ratio_.copy()


@functools.lru_cache(maxsize=8)
def space(components: int) -> Space:
    if not 1 <= components <= MAX_COMPONENTS:
        raise ValueError(f"components must be from 1 to {MAX_COMPONENTS}; got {components}")
    real = real_digits()
    mean, comps, ratio = _pca()
    basis = comps[:components]
    tz = (real.train_x - mean) @ basis.T
    hz = (real.held_x - mean) @ basis.T
    cm = np.empty((CLASSES, components))
    cc = np.empty((CLASSES, components, components))
    for c in range(CLASSES):
        zc = tz[real.train_y == c]
        cm[c] = zc.mean(axis=0)
        cc[c] = np.cov(zc, rowvar=False, bias=True).reshape(components, components)
    rm = tz.mean(axis=0)
    rc = np.cov(tz, rowvar=False, bias=True).reshape(components, components)
    arrays = _readonly(mean, basis, tz, hz, cm, cc, rm, rc, np.linalg.cholesky(rc))
    return Space(components, *arrays, explained=float(ratio[:components].sum()))


@dataclass(frozen=True)
class Judges:
    """Fitted once on the real training pool (pixels): the classifier and the style centroids.

    classifier: multinomial logistic regression on pixels / 16 (scikit-learn, lbfgs); kept as
    its weights so that labelling a batch is one matrix product.
    styles: k-means (STYLE_CLUSTERS centroids, STYLE_SEED, n_init 4) on the training pool's
    pixels; a generated image belongs to its nearest centroid.
    """

    coef: np.ndarray  # (10, 64), applied to pixels / 16
    intercept: np.ndarray  # (10,)
    held_accuracy: float  # the classifier's accuracy on the real held-out pool
    centroids: np.ndarray  # (K, 64)
    half_norm2: np.ndarray  # (K,) |c|^2 / 2

    def classify(self, pixels: np.ndarray) -> np.ndarray:
        w = (self.coef.T / PIXEL_MAX).astype(pixels.dtype)
        return np.argmax(pixels @ w + self.intercept.astype(pixels.dtype), axis=-1)

    def style(self, pixels: np.ndarray) -> np.ndarray:
        c = self.centroids.T.astype(pixels.dtype)
        return np.argmax(pixels @ c - self.half_norm2.astype(pixels.dtype), axis=-1)


@computed_once
def judges() -> Judges:
    from sklearn.cluster import KMeans
    from sklearn.linear_model import LogisticRegression

    real = real_digits()
    lr = LogisticRegression(max_iter=5000).fit(real.train_x / PIXEL_MAX, real.train_y)
    acc = float(lr.score(real.held_x / PIXEL_MAX, real.held_y))
    km = KMeans(n_clusters=STYLE_CLUSTERS, n_init=4, random_state=STYLE_SEED).fit(real.train_x)
    cen = km.cluster_centers_.copy()
    arrays = _readonly(lr.coef_.copy(), lr.intercept_.copy())
    return Judges(
        *arrays,
        held_accuracy=acc,
        centroids=_readonly(cen)[0],
        half_norm2=_readonly(0.5 * (cen * cen).sum(axis=1))[0],
    )
