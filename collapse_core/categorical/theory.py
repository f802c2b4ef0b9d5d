"""Closed forms for the categorical chain (Wright-Fisher drift), overlays and test oracles.

expected_heterozygosity: E[1 - sum p_t^2] for every generation, exact for every regime, real
fraction, real-data source and smoothing. E[sum p^2] of the next model is linear in the
second moments (dot products) of the count vectors involved - training counts n, pool P,
fixed real counts A, truth p0 - and those moments follow a closed linear recursion:
for counts b ~ Multinomial(m, p), E[b.b | p] = m + m(m-1) p.p and E[b.Y | p] = m p.Y;
for s ~ MultivariateHypergeometric(M, P) with |P| = N,
E[s.s | P] = M(N-M)/(N-1) (1 - P.P/N^2) + M^2 P.P/N^2 and E[s.Y | P] = (M/N) P.Y.
With no real data and maximum likelihood under replace it reduces to H_t = H_0 (1 - 1/M)^t.

Survival (replace, no real data, maximum likelihood): one category's count is the
Wright-Fisher chain X_{t+1} ~ Binomial(M, X_t / M), whatever the other categories do.
  method "exact": powers of its (M+1) x (M+1) transition matrix (M <= EXACT_MAX_SAMPLE);
  method "branching": the M -> infinity limit for a category with M p tokens expected, a
    Galton-Watson process with Poisson(1) offspring: P(alive after s generations) =
    1 - exp(-M p (1 - q_{s-1})), q_0 = 0, q_i = exp(q_{i-1} - 1). Accurate while the
    category's count stays small against M (the tails) and s << M; it ignores that common
    categories crowd each other out (so it never predicts a takeover).
Decoding (temperature != 1, top-k or top-p on): the synthetic tokens come from a nonlinear
function of the model, so none of the forms above applies (E[p_{t+1}] != p_t); they raise
or return None, and `theory` omits them and says why (key "omitted").

Fixation: the count is a martingale, so a category takes over with probability equal to
its current frequency (for generation 0, its truth probability p0_k); the exact probability
of having taken over by generation s comes from the same transition matrix.
"""

from __future__ import annotations

import numpy as np

from collapse_core.binomial import binom_pmf
from collapse_core.categorical.config import CategoricalConfig
from collapse_core.categorical.truth import truth_probabilities

EXACT_MAX_SAMPLE = 2000
METHODS = ("auto", "exact", "branching")
_MAX_THEORY_WORK = 2e8  # category x generation (or state) evaluations for expected_surviving
# A scipy binomial pmf evaluation costs about this many multiply-adds of the transition
# matrix's products (measured: ~760 ns vs ~7 ns). Without it, K = 100 000 at M = 200 took the
# exact method through 2e7 pmf evaluations: 20 s of theory for a 0.3 s run.
_PMF_COST = 100


def _applies_drift(cfg: CategoricalConfig) -> bool:
    return cfg.regime == "replace" and cfg.n_real == 0 and cfg.smoothing == 0 and not cfg.decodes


DECODING_OMITTED = (
    "decoding (temperature, top-k or top-p) makes the next model a nonlinear function of this "
    "one, so the closed forms of plain drift (expected heterozygosity, surviving words, "
    "fixation) do not apply and are left out"
)


# ---------------------------------------------------------------- heterozygosity


def _model_moments(cfg, t, tr, pool, s0, a_s0):
    """E[p.p], E[p.p0], E[p.A], E[p.P] of generation t's model from its training moments."""
    if t == 0:  # the truth itself; the fixed real counts A ~ Multinomial(n_real, p0)
        return s0, s0, a_s0, 0.0
    alpha, k = cfg.smoothing, cfg.categories
    d = tr["N"] + alpha * k
    pp = (tr["nn"] + 2 * alpha * tr["N"] + k * alpha**2) / d**2
    p0 = (tr["n0"] + alpha) / d
    pa = (tr["nA"] + alpha * cfg.n_real) / d
    pp_pool = (tr["nP"] + alpha * pool["N"]) / d if pool else 0.0
    return pp, p0, pa, pp_pool


def expected_heterozygosity(cfg: CategoricalConfig) -> np.ndarray:
    """E[H_t], H = 1 - sum_k p_k^2, for t = 0..G (exact; see the module docstring).

    Raises ValueError when cfg decodes (temperature, top-k, top-p): no closed form then.

    Examples:
        >>> from collapse_core import CategoricalConfig
        >>> from collapse_core.categorical.theory import expected_heterozygosity
        >>> h = expected_heterozygosity(CategoricalConfig(truth="uniform", categories=2, sample_size=10,
        ...                                                generations=2))
        >>> [round(float(v), 6) for v in h]  # H0 (1 - 1/M)^t with H0 = 1/2
        [0.5, 0.45, 0.405]
    """
    if cfg.decodes:
        raise ValueError(f"expected_heterozygosity: {DECODING_OMITTED}")
    p0 = truth_probabilities(cfg)
    s0 = float(p0 @ p0)
    m, n_r, n_s = cfg.sample_size, cfg.n_real, cfg.n_syn
    fixed = cfg.real_source == "fixed"
    aa = n_r + n_r * (n_r - 1) * s0  # E[a.a] for a ~ Multinomial(n_r, p0), fresh or fixed
    tr: dict = {}
    pool: dict = {}
    out = np.empty(cfg.generations + 1)
    for t in range(cfg.generations + 1):
        mp, m0, ma, mpool = _model_moments(cfg, t, tr, pool, s0, n_r * s0)
        out[t] = 1.0 - mp
        if t == cfg.generations:
            break
        # batch B = a + b: real a, synthetic b ~ Multinomial(n_s, p_t)
        ab = n_s * (ma if fixed else n_r * m0)
        bb = n_s + n_s * (n_s - 1) * mp
        batch = {
            "BB": aa + 2 * ab + bb,
            "B0": n_r * s0 + n_s * m0,
            "BA": (aa if fixed else 0.0) + n_s * ma,
            # E[B.P] with the pool before this batch (empty at t = 0)
            "BP": ((pool.get("PA", 0.0) if fixed else n_r * pool.get("P0", 0.0)) + n_s * mpool)
            if pool
            else 0.0,
        }
        if cfg.regime == "replace":
            tr = {"nn": batch["BB"], "n0": batch["B0"], "nA": batch["BA"], "N": m}
            continue
        pool = {
            "PP": pool.get("PP", 0.0) + 2 * batch["BP"] + batch["BB"],
            "P0": pool.get("P0", 0.0) + batch["B0"],
            "PA": pool.get("PA", 0.0) + batch["BA"],
            "N": pool.get("N", 0) + m,
        }
        if cfg.regime == "accumulate" or t == 0:  # generation 1 is fitted on the whole pool
            tr = {"nn": pool["PP"], "n0": pool["P0"], "nA": pool["PA"], "nP": pool["PP"], "N": pool["N"]}
        else:
            big_n, f = pool["N"], m / pool["N"]
            ss = m * (big_n - m) / (big_n - 1) * (1 - pool["PP"] / big_n**2) + m * m * pool["PP"] / big_n**2
            tr = {"nn": ss, "n0": f * pool["P0"], "nA": f * pool["PA"], "nP": f * pool["PP"], "N": m}
    return out


# ---------------------------------------------------------------- Wright-Fisher drift


def transition_matrix(sample_size: int) -> np.ndarray:
    """T[j, i] = P(X_{t+1} = i | X_t = j) for X_{t+1} ~ Binomial(M, j / M)."""
    if not 2 <= sample_size <= EXACT_MAX_SAMPLE:
        raise ValueError(
            f"sample_size must be from 2 to {EXACT_MAX_SAMPLE} for the exact method; got {sample_size}"
        )
    j = np.arange(sample_size + 1)
    return binom_pmf(j[None, :], sample_size, j[:, None] / sample_size)


def _first_step(sample_size: int, frequency: np.ndarray) -> np.ndarray:
    """(n, M + 1): the count distribution one generation after a model with these frequencies."""
    j = np.arange(sample_size + 1)
    return binom_pmf(j[None, :], sample_size, frequency[:, None])


def _exact_paths(sample_size: int, steps: int, frequency: np.ndarray, target: np.ndarray) -> np.ndarray:
    """P(target(X_s)) for s = 1..steps, as (n, steps): h_0 = target, h_s = T h_{s-1}."""
    tm = transition_matrix(sample_size)
    first = _first_step(sample_size, frequency)
    h = target.astype(float)
    out = np.empty((frequency.size, steps))
    for s in range(steps):
        out[:, s] = first @ h
        h = tm @ h
    return out


def _frequencies(frequency) -> np.ndarray:
    f = np.atleast_1d(np.asarray(frequency, dtype=float))
    if f.ndim != 1 or np.any(~np.isfinite(f)) or np.any((f < 0) | (f > 1)):
        raise ValueError(f"frequency must hold numbers in [0, 1]; got {frequency!r}")
    return f


def _check_steps(steps) -> None:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer; got {steps!r}")


def branching_extinction(steps: int) -> np.ndarray:
    """q_s, s = 0..steps: P(one token's Poisson(1) Galton-Watson line is extinct by s)."""
    q = np.zeros(steps + 1)
    for s in range(1, steps + 1):
        q[s] = np.exp(q[s - 1] - 1.0)
    return q


def alive_probability(sample_size: int, steps: int, frequency, method: str = "auto") -> np.ndarray:
    """P(category still alive s generations on), s = 0..steps, shape (n, steps + 1).

    The category has probability `frequency` (one value per row) in the current model; for
    a count c in a training set of M tokens pass c / M. Replace, no real data, maximum
    likelihood. method: "exact" (M <= EXACT_MAX_SAMPLE), "branching", or "auto" (exact
    when allowed).
    """
    f = _frequencies(frequency)
    _check_steps(steps)
    method = _method(sample_size, method)
    out = np.empty((f.size, steps + 1))
    out[:, 0] = f > 0
    if steps == 0:
        return out
    if method == "exact":
        out[:, 1:] = _exact_paths(sample_size, steps, f, np.arange(sample_size + 1) > 0)
    else:
        q = branching_extinction(steps - 1)
        out[:, 1:] = -np.expm1(-sample_size * f[:, None] * (1.0 - q[None, :]))
    return out


def fixation_probability(sample_size: int, steps: int, frequency) -> np.ndarray:
    """P(the category holds all M tokens s generations on), s = 0..steps (exact method).

    Tends to `frequency` itself as s grows: the count is a martingale.
    """
    f = _frequencies(frequency)
    _check_steps(steps)
    out = np.empty((f.size, steps + 1))
    out[:, 0] = f == 1
    if steps:
        out[:, 1:] = _exact_paths(sample_size, steps, f, np.arange(sample_size + 1) == sample_size)
    return out


def _method(sample_size: int, method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    if method == "auto":
        return "exact" if sample_size <= EXACT_MAX_SAMPLE else "branching"
    if method == "exact" and sample_size > EXACT_MAX_SAMPLE:
        raise ValueError(f"method 'exact' needs sample_size <= {EXACT_MAX_SAMPLE}; got {sample_size}")
    return method


def expected_surviving(cfg: CategoricalConfig, method: str = "auto") -> tuple[np.ndarray, str] | None:
    """(E[surviving_t] for t = 0..G, method used), or None where it does not apply.

    Applies to replace with no real data, maximum likelihood and no decoding. "auto" takes the exact
    method when M <= EXACT_MAX_SAMPLE and the work is moderate, else the branching limit;
    None also when even that would take too long (K distinct frequencies x G too large).
    """
    if not _applies_drift(cfg):
        return None
    values, counts = np.unique(truth_probabilities(cfg), return_counts=True)
    m, g = cfg.sample_size, cfg.generations
    exact_work = g * (m + 1) ** 2 + _PMF_COST * ((m + 1) ** 2 + values.size * (m + 1))
    if method == "auto":
        method = "exact" if m <= EXACT_MAX_SAMPLE and exact_work <= _MAX_THEORY_WORK else "branching"
    method = _method(m, method)
    if method == "branching" and values.size * g > _MAX_THEORY_WORK:
        return None
    out = np.empty(g + 1)
    out[0] = cfg.categories
    if method == "exact":
        # weights w_j = E[number of categories with count j in generation 1]
        w = np.zeros(m + 1)
        for i in range(0, values.size, 2048):
            w += counts[i : i + 2048] @ _first_step(m, values[i : i + 2048])
        tm, h = transition_matrix(m), (np.arange(m + 1) > 0).astype(float)
        for t in range(1, g + 1):
            out[t] = w @ h
            h = tm @ h
    else:
        u = 1.0 - branching_extinction(g - 1)
        for t in range(1, g + 1):
            out[t] = counts @ -np.expm1(-m * values * u[t - 1])
    return out, method


def fresh_sample_surviving(cfg: CategoricalConfig) -> np.ndarray | None:
    """The no-recursion baseline: E[categories seen] in a fresh sample from the truth of the
    size of generation t's training set, t = 0..G (K at t = 0: the truth itself).

    A sample of N tokens misses category k with probability (1 - p0_k)^N, so
    E = sum_k 1 - (1 - p0_k)^N, with N = M (replace, accumulate-subsample) or M t
    (accumulate: the model is fitted on every token so far). It is a single fresh sample of
    that size, not the union of fresh samples over the generations: the words a model of
    N tokens could know without any recursion. Whatever the real fraction, smoothing or
    decoding. None when it would take too long (accumulate: distinct truth values x G).
    """
    values, counts = np.unique(truth_probabilities(cfg), return_counts=True)
    g, m = cfg.generations, cfg.sample_size
    sizes = m * (np.arange(1, g + 1) if cfg.regime == "accumulate" else np.ones(g))
    if values.size * (g if cfg.regime == "accumulate" else 1) > _MAX_THEORY_WORK:
        return None
    out = np.empty(g + 1)
    out[0] = cfg.categories
    log_miss = np.log1p(-values)  # values < 1 (K >= 2, every entry positive)
    # a few distinct sizes at most for replace; one per generation for accumulate
    uniq, inv = np.unique(sizes, return_inverse=True)
    seen = np.array([counts @ -np.expm1(n * log_miss) for n in uniq])
    out[1:] = seen[inv]
    return out


def theory(cfg: CategoricalConfig) -> dict:
    """Every closed form that applies to cfg, as plain lists, floats and strings (JSON-ready).

    A fresh sample's surviving words (`fresh_sample_surviving`) applies to every setting."""
    out: dict = {}
    fresh = fresh_sample_surviving(cfg)
    if fresh is not None:
        out["fresh_sample_surviving"] = fresh.tolist()
    if cfg.decodes:
        out["omitted"] = DECODING_OMITTED
        return out
    out["expected_heterozygosity"] = expected_heterozygosity(cfg).tolist()
    surv = expected_surviving(cfg)
    if surv is not None:
        out["expected_surviving"] = surv[0].tolist()
        out["expected_surviving_method"] = surv[1]
    if _applies_drift(cfg):
        # eventual takeover probability of each category = its truth probability
        out["fixation_probability_rank1"] = float(truth_probabilities(cfg)[0])
    return out
