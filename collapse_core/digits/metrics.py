"""Per-generation metrics of the digits chain.

Sample metrics are measured on the generation's sample of M images (see engine), rendered to
pixels (mean + z @ basis, clipped to [0, 16]); model metrics are read off the fitted model
itself. Generation 0 is the truth: M training-pool images (projected onto the PCA space) and
the truth's class moments.

The Fréchet distance is an FID analogue, not FID: the Fréchet (2-Wasserstein) distance
between Gaussians matched to the first two moments of the model's mixture and of the real
training pool, in the model's own PCA space (not in Inception features), computed from the
model's parameters (no sample noise; 0 for the truth itself).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from collapse_core.digits.data import STYLE_CLUSTERS, judges, real_digits, space

DIVERSITY_IMAGES = 100  # pairwise distances among this many images of each sample

STORED: dict[str, str] = {
    "pixel_variance": "per-pixel variance across the generation's M images, averaged over the 64 pixels "
    "(pixel units 0-16, squared)",
    "diversity": f"mean pairwise Euclidean distance in pixels between {DIVERSITY_IMAGES} of the generation's "
    "images (evenly spaced through the sample)",
    "recognisable": "share of the generation's images that a classifier trained once on real digits "
    "(logistic regression on pixels) labels as their class",
    "styles": f"effective number of styles: exp(entropy) of the images' shares among {STYLE_CLUSTERS} k-means "
    "centroids learned once on real digits (nearest centroid)",
    "styles_occupied": f"styles (of the {STYLE_CLUSTERS} k-means centroids) with at least one of the M images",
    "frechet_pca": "Fréchet distance in PCA space, not FID: 2-Wasserstein distance between Gaussians with the "
    "moments of the model and of the real training pool",
    "within_class_variance": "the model's within-class variance, sum_c pi_c trace(Sigma_c), in the PCA space",
    "class_tv": "total-variation distance between the model's class prior and the real class proportions",
    "class_heterozygosity": "1 - sum_c pi_c^2: chance that two generated images are of different classes",
    "classes_alive": "digit classes with positive prior (that the model still draws)",
}

METRICS: dict[str, str] = dict(STORED)


def frechet_distance(mean1, cov1, mean2, cov2) -> np.ndarray:
    """Fréchet distance |m1 - m2|^2 + tr(S1 + S2 - 2 (S2^1/2 S1 S2^1/2)^1/2), batched over
    leading axes of (mean1, cov1); cov2 must be positive definite. The square-root trace is
    the sum of square roots of the eigenvalues of L^T S1 L, S2 = L L^T."""
    mean1, cov1 = np.asarray(mean1, dtype=float), np.asarray(cov1, dtype=float)
    mean2, cov2 = np.asarray(mean2, dtype=float), np.asarray(cov2, dtype=float)
    low = np.linalg.cholesky(cov2)
    inner = np.swapaxes(low, -1, -2) @ cov1 @ low
    inner = 0.5 * (inner + np.swapaxes(inner, -1, -2))
    root_trace = np.sqrt(np.maximum(np.linalg.eigvalsh(inner), 0.0)).sum(axis=-1)
    diff = mean1 - mean2
    fd = (diff * diff).sum(axis=-1) + np.trace(cov1, axis1=-2, axis2=-1) + np.trace(cov2) - 2.0 * root_trace
    return np.maximum(fd, 0.0)


def frechet_distance_samples(a: np.ndarray, b: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted (maximum likelihood) to two sets of points."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ca = np.atleast_2d(np.cov(a, rowvar=False, bias=True))
    cb = np.atleast_2d(np.cov(b, rowvar=False, bias=True))
    return float(frechet_distance(a.mean(axis=0), ca, b.mean(axis=0), cb))


def mixture_moments(pi, mu, cov) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance of the mixture sum_c pi_c N(mu_c, cov_c), batched over rows."""
    m = np.einsum("bc,bcd->bd", pi, mu)
    second = np.einsum("bc,bcde->bde", pi, cov + mu[..., :, None] * mu[..., None, :])
    return m, second - m[:, :, None] * m[:, None, :]


def _mean_pairwise(pix: np.ndarray) -> np.ndarray:
    n = pix.shape[1]
    if n < 2:
        return np.zeros(pix.shape[0])
    sel = pix[:, np.unique(np.linspace(0, n - 1, min(n, DIVERSITY_IMAGES)).astype(int))]
    k = sel.shape[1]
    sq = (sel * sel).sum(axis=2)
    d2 = sq[:, :, None] + sq[:, None, :] - 2.0 * (sel @ np.swapaxes(sel, 1, 2))
    dist = np.sqrt(np.maximum(d2, 0.0))
    idx = np.arange(k)
    dist[:, idx, idx] = 0.0
    return dist.sum(axis=(1, 2)) / (k * (k - 1))


def reduce(cfg, model, z: np.ndarray, y: np.ndarray) -> dict:
    """Stored metrics of one generation for a block: model (engine.Model), sample z (b, M, d)
    with labels y (b, M)."""
    sp, jd = space(cfg.components), judges()
    b, m = y.shape
    pix = sp.render32(z)  # float32: the measures below need no more digits
    style = jd.style(pix)
    occ = (
        np.bincount(
            (style + STYLE_CLUSTERS * np.arange(b)[:, None]).ravel(), minlength=b * STYLE_CLUSTERS
        ).reshape(b, STYLE_CLUSTERS)
        / m
    )
    mean, cov = mixture_moments(model.pi, model.mu, model.cov)
    pi = model.pi
    return {
        "pixel_variance": pix.var(axis=1, dtype=np.float64).mean(axis=1),
        "diversity": _mean_pairwise(pix),
        "recognisable": (jd.classify(pix) == y).mean(axis=1),
        "styles": np.exp(-special.xlogy(occ, occ).sum(axis=1)),
        "styles_occupied": (occ > 0).sum(axis=1),
        "frechet_pca": frechet_distance(mean, cov, sp.ref_mean, sp.ref_cov),
        "within_class_variance": np.einsum("bc,bc->b", pi, np.trace(model.cov, axis1=-2, axis2=-1)),
        "class_tv": 0.5 * np.abs(pi - real_digits().prior).sum(axis=1),
        "class_heterozygosity": 1.0 - (pi * pi).sum(axis=1),
        "classes_alive": (pi > 0).sum(axis=1),
    }


def compute(name: str, res) -> np.ndarray:
    if name in STORED:
        return res.arrays[name]
    raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
