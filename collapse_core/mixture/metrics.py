"""Per-generation metrics of fitted mixtures against the truth; arrays of shape (R, G + 1).

Computed on demand from the stored parameters (weights, means, covariances). Definitions
(distances in units of the truth's standard deviation, which is 1):

* A fitted component is a *live mode* when its weight is at least LOST_WEIGHT_FRACTION / K
  and its mean is not within MERGE_DISTANCE of the mean of a heavier live mode (components
  are visited heaviest first). modes_alive counts them; modes_lost = K - modes_alive.
* A truth mode is *covered* when a component of weight >= LOST_WEIGHT_FRACTION / K has its
  mean within COVER_DISTANCE of it. The truth's separation is at least 2, so no component
  covers two truth modes.
* kl_upper_bound is not KL itself: it is the closed-form bound from the log-sum inequality,
  KL(f || g) <= sum_b W_b log(W_b / pi_b) + sum_a w_a KL(f_a || g_pi(a)), for a map pi from
  fitted to truth components (W_b: fitted weight mapped to b); the smaller of two maps is
  reported, the persistent labelling (component k -> truth k) and each component to the truth
  component nearest in KL. It is 0 at the truth and never below the true KL.
* w2_moment_matched is the Wasserstein-2 distance between the Gaussians with the same mean
  and covariance as the fitted mixture and as the truth (not W2 between the mixtures).
* tail_mass_3sigma: the fitted mixture's probability outside the truth's outer 3-sigma
  region: 1-D outside [min truth mean - 3, max truth mean + 3]; 2-D outside the disc about
  the origin of radius (truth circle radius + 3). 1-D exact (normal CDF); 2-D per component
  by polar quadrature in the component's standardised coordinates (along each ray the
  standard normal radius is Rayleigh, so the ray's mass is exact; see component_tail_mass).
"""

from __future__ import annotations

import functools

import numpy as np
from scipy import special

from collapse_core.mixture import minority, on_data
from collapse_core.mixture.config import MixtureConfig
from collapse_core.mixture.em import cholesky
from collapse_core.mixture.on_data import outer_region as outer_radius
from collapse_core.mixture.on_data import truth_means
from collapse_core.mixture.on_data import truth_mixture as truth
from collapse_core.mixture.truth import Mixture

LOST_WEIGHT_FRACTION = 0.1
MERGE_DISTANCE = 1.0
COVER_DISTANCE = 1.0
TAIL_ANGLES = 64
OUTSIDE_ANGLES = 4096


def _params(res) -> Mixture:
    a = res.arrays
    return Mixture(a["weights"], a["means"], a["covariances"])


def modes_alive(w: np.ndarray, mu: np.ndarray, k: int) -> np.ndarray:
    """Live modes per (..., K) weights and (..., K, D) means (see the module docstring)."""
    order = np.argsort(-w, axis=-1, kind="stable")
    ws = np.take_along_axis(w, order, axis=-1)
    ms = np.take_along_axis(mu, order[..., None], axis=-2)
    heavy = ws >= LOST_WEIGHT_FRACTION / k
    kept = np.zeros_like(heavy)
    for i in range(k):
        ok = heavy[..., i].copy()
        for j in range(i):
            near = np.sqrt(((ms[..., i, :] - ms[..., j, :]) ** 2).sum(-1)) < MERGE_DISTANCE
            ok &= ~(kept[..., j] & near)
        kept[..., i] = ok
    return kept.sum(axis=-1)


def truth_coverage(w: np.ndarray, mu: np.ndarray, mu0: np.ndarray) -> np.ndarray:
    """Share of truth modes covered by a component (see the module docstring)."""
    k = w.shape[-1]
    heavy = w >= LOST_WEIGHT_FRACTION / k
    dist = np.sqrt(((mu[..., :, None, :] - mu0[None, :, :]) ** 2).sum(-1))  # (..., K fit, K truth)
    covered = ((dist < COVER_DISTANCE) & heavy[..., None]).any(axis=-2)
    return covered.mean(axis=-1)


def gaussian_kl_to_unit(mu: np.ndarray, cov: np.ndarray, mu0: np.ndarray) -> np.ndarray:
    """KL(N(mu_a, cov_a) || N(mu0_b, I)) for every fitted a and truth b: (..., K, K)."""
    d = mu.shape[-1]
    tr = np.trace(cov, axis1=-2, axis2=-1)
    logdet = np.log(np.linalg.det(cov)) if d == 2 else np.log(cov[..., 0, 0])
    sq = ((mu[..., :, None, :] - mu0[None, :, :]) ** 2).sum(-1)
    return 0.5 * ((tr - d - logdet)[..., None] + sq)


def _bound(w: np.ndarray, kl_pairs: np.ndarray, pick: np.ndarray, k: int, w0=None) -> np.ndarray:
    kl = np.take_along_axis(kl_pairs, pick[..., None], axis=-1)[..., 0]
    big_w = np.zeros_like(w)
    for b in range(k):
        big_w[..., b] = np.where(pick == b, w, 0.0).sum(-1)
    log_sum = special.xlogy(big_w, big_w * k) if w0 is None else special.xlogy(big_w, big_w / w0)
    return log_sum.sum(-1) + (w * kl).sum(-1)


def kl_upper_bound(w: np.ndarray, mu: np.ndarray, cov: np.ndarray, mu0: np.ndarray, w0=None) -> np.ndarray:
    """Upper bound on KL(fitted || truth) (see the module docstring); truth weights w0 (K,),
    None: 1/K each (computed as before, bit for bit)."""
    k = w.shape[-1]
    pairs = gaussian_kl_to_unit(mu, cov, mu0)
    ident = np.broadcast_to(np.arange(k), w.shape)
    nearest = np.argmin(pairs, axis=-1)
    return np.maximum(np.minimum(_bound(w, pairs, ident, k, w0), _bound(w, pairs, nearest, k, w0)), 0.0)


def _truth_weights_or_none(cfg) -> np.ndarray | None:
    return minority.truth_weights(cfg) if minority.active(cfg) else None


def moments(w: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Overall mean (..., D) and covariance (..., D, D) of mixtures."""
    m = np.einsum("...k,...kd->...d", w, mu)
    second = np.einsum("...k,...kde->...de", w, cov + mu[..., :, None] * mu[..., None, :])
    return m, second - m[..., :, None] * m[..., None, :]


def _sqrtm2(s: np.ndarray) -> np.ndarray:
    """Square roots of symmetric positive semi-definite 2x2 matrices (closed form)."""
    det = np.maximum(s[..., 0, 0] * s[..., 1, 1] - s[..., 0, 1] * s[..., 1, 0], 0.0)
    sd = np.sqrt(det)
    t = np.sqrt(np.maximum(s[..., 0, 0] + s[..., 1, 1] + 2.0 * sd, np.finfo(float).tiny))
    return (s + sd[..., None, None] * np.eye(2)) / t[..., None, None]


def w2_gaussians(m1, s1, m0: np.ndarray, s0: np.ndarray) -> np.ndarray:
    """W2 between N(m1, s1) (arrays) and one N(m0, s0)."""
    sq = ((m1 - m0) ** 2).sum(-1)
    if m1.shape[-1] == 1:
        cross = (np.sqrt(np.maximum(s1[..., 0, 0], 0.0)) - np.sqrt(s0[0, 0])) ** 2
        return np.sqrt(sq + cross)
    r0 = _sqrtm2(s0)
    inner = _sqrtm2(r0 @ s1 @ r0)
    tr = np.trace(s1, axis1=-2, axis2=-1) + np.trace(s0) - 2.0 * np.trace(inner, axis1=-2, axis2=-1)
    return np.sqrt(np.maximum(sq + tr, 0.0))


@functools.lru_cache(maxsize=8)
def _angles(n: int) -> tuple[np.ndarray, np.ndarray]:
    th = 2.0 * np.pi * (np.arange(n) + 0.5) / n
    return np.cos(th), np.sin(th)


def _rays(mu: np.ndarray, chol: np.ndarray, c: float, n: int) -> np.ndarray:
    """Mean over n directions of the outside-the-disc probability along each ray."""
    cos, sin = _angles(n)
    # direction u = (cos, sin) in standard coordinates; x(s) = mu + s L u, s ~ Rayleigh.
    lu0 = chol[..., 0, 0, None] * cos
    lu1 = chol[..., 1, 0, None] * cos + chol[..., 1, 1, None] * sin
    a = np.maximum(lu0 * lu0 + lu1 * lu1, np.finfo(float).tiny)
    b = mu[..., 0, None] * lu0 + mu[..., 1, None] * lu1
    c0 = (mu[..., 0] ** 2 + mu[..., 1] ** 2 - c * c)[..., None]
    disc = b * b - a * c0
    root = np.sqrt(np.maximum(disc, 0.0))
    s_hi = np.maximum((-b + root) / a, 0.0)
    s_lo = np.maximum((-b - root) / a, 0.0)
    # centre inside (c0 < 0): the ray leaves the disc once, at s_hi; outside mass exp(-s_hi^2/2).
    # centre outside: the ray is inside for s in [s_lo, s_hi] when it meets the disc (b < 0).
    p_in = np.where((disc > 0) & (b < 0), np.exp(-0.5 * s_lo**2) - np.exp(-0.5 * s_hi**2), 0.0)
    return np.where(c0 < 0, np.exp(-0.5 * s_hi**2), 1.0 - p_in).mean(axis=-1)


def component_tail_mass(mu: np.ndarray, cov: np.ndarray, region) -> np.ndarray:
    """Per component (..., K): probability outside the region (see the module docstring).

    2-D: for a component centred inside the disc the ray integrand is smooth and periodic, and
    TAIL_ANGLES angles give the mass to ~1e-15 (tests: against the non-central chi-square);
    for a centre outside the disc it has kinks where rays graze the circle, so those
    components use OUTSIDE_ANGLES angles (absolute error below ~1e-6).
    """
    if mu.shape[-1] == 1:
        lo, hi = region
        sd = np.sqrt(cov[..., 0, 0])
        m = mu[..., 0]
        return special.ndtr((lo - m) / sd) + special.ndtr((m - hi) / sd)
    c = float(region)
    chol = cholesky(cov)
    out = _rays(mu, chol, c, TAIL_ANGLES)
    outside = mu[..., 0] ** 2 + mu[..., 1] ** 2 >= c * c
    if outside.any():
        out[outside] = _rays(mu[outside], chol[outside], c, OUTSIDE_ANGLES)
    return out


def tail_mass(mix: Mixture, region) -> np.ndarray:
    return (mix.weights * component_tail_mass(mix.means, mix.covariances, region)).sum(-1)


@functools.lru_cache(maxsize=32)
def truth_summary(cfg: MixtureConfig) -> dict:
    """The truth's overall mean/covariance and tail mass (cached per config); with data, the
    data's own (collapse_core.mixture.on_data.summary)."""
    if cfg.data:
        return on_data.summary(cfg)
    t = truth(cfg)
    m0, s0 = moments(t.weights[0], t.means[0], t.covariances[0])
    return {"mean": m0, "cov": s0, "tail_mass": float(tail_mass(t, outer_radius(cfg))[0])}


def _variance_ratio(res) -> np.ndarray:
    mix = _params(res)
    _, s = moments(mix.weights, mix.means, mix.covariances)
    ts = truth_summary(res.config)
    return np.trace(s, axis1=-2, axis2=-1) / np.trace(ts["cov"])


def _w2(res) -> np.ndarray:
    mix = _params(res)
    m, s = moments(mix.weights, mix.means, mix.covariances)
    ts = truth_summary(res.config)
    return w2_gaussians(m, s, ts["mean"], ts["cov"])


def _kl(res) -> np.ndarray:
    a = res.arrays
    if res.config.data:  # the bound needs a truth of unit-variance equal-weight Gaussians
        return np.full(a["weights"].shape[:2], np.nan)
    return kl_upper_bound(
        a["weights"],
        a["means"],
        a["covariances"],
        truth_means(res.config),
        _truth_weights_or_none(res.config),
    )


def _tail(res) -> np.ndarray:
    return tail_mass(_params(res), outer_radius(res.config))


METRICS: dict[str, tuple[str, object]] = {
    "min_weight": ("smallest component weight (truth: 1/K)", lambda res: res.arrays["weights"].min(-1)),
    "max_weight": ("largest component weight (truth: 1/K)", lambda res: res.arrays["weights"].max(-1)),
    "effective_modes": (
        "effective number of components, 1 / sum w_k^2 (truth: K)",
        lambda res: 1.0 / (res.arrays["weights"] ** 2).sum(-1),
    ),
    "modes_alive": (
        f"live modes: components of weight >= {LOST_WEIGHT_FRACTION}/K not within {MERGE_DISTANCE} truth sd "
        "of a heavier live mode",
        lambda res: modes_alive(res.arrays["weights"], res.arrays["means"], res.config.components),
    ),
    "modes_lost": (
        "K - modes_alive",
        lambda res: res.config.components - res.metric("modes_alive"),
    ),
    "truth_coverage": (
        f"share of truth modes with a component of weight >= {LOST_WEIGHT_FRACTION}/K within "
        f"{COVER_DISTANCE} truth sd",
        lambda res: truth_coverage(res.arrays["weights"], res.arrays["means"], truth_means(res.config)),
    ),
    "kl_upper_bound": (
        "closed-form upper bound on KL(fitted || truth), nats (log-sum inequality over matched components; NaN with your data, which is no such mixture)",
        lambda res: _kl(res),
    ),
    "w2_moment_matched": ("W2 between the moment-matched Gaussians of the fit and the truth", _w2),
    "variance_ratio": (
        "total variance (trace of covariance) of the fitted mixture / the truth's",
        _variance_ratio,
    ),
    "tail_mass_3sigma": ("fitted probability outside the truth's outer 3-sigma region", _tail),
    "tail_ratio_3sigma": (
        "tail_mass_3sigma / the truth's",
        lambda res: res.metric("tail_mass_3sigma") / truth_summary(res.config)["tail_mass"],
    ),
    **minority.metrics(LOST_WEIGHT_FRACTION, COVER_DISTANCE, truth_means),
    "em_iterations": (
        "EM iterations of the fit (0 at generation 0)",
        lambda res: res.arrays["em_iterations"],
    ),
    "em_converged": (
        "1 if EM met the tolerance before em_max_iter, else 0",
        lambda res: res.arrays["em_converged"].astype(float),
    ),
}


def compute(name: str, res) -> np.ndarray:
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
    return METRICS[name][1](res)
