"""Self-correction in d dimensions (Gillman et al. 2024): both engines against a plain loop that
moves every synthetic point toward the truth, one replicate at a time; knobs off, bit for bit."""

import hashlib

import numpy as np
import pytest
from multivariate_reference import metrics_of
from scipy import linalg
from stats_helpers import assert_same_distribution

from collapse_core import MultivariateConfig, simulate
from collapse_core.multivariate.chain import STORED
from collapse_core.multivariate.theory import theory
from collapse_core.multivariate.truth import truth

# sha256 of every Result array, computed with the code before the correction existed.
MAIN_DIGESTS = [
    (
        dict(dimension=3, sample_size=20, generations=15, replicates=7, seed=31),
        "exact",
        "391bcdcd2eef19aae669806a5e2ed3929a70aaee599c02b901e442e7ace4d928",
    ),
    (
        dict(
            dimension=3,
            sample_size=20,
            generations=15,
            replicates=7,
            seed=32,
            real_fraction=0.3,
            condition_number=10.0,
        ),
        "monte-carlo",
        "135d91940f58e8d48f78f0ea527a8dc2954d23babcd8a8e4a1927a3729c4cfce",
    ),
    (
        dict(
            dimension=2, sample_size=12, generations=10, replicates=7, seed=33, regime="accumulate-subsample"
        ),
        "monte-carlo",
        "3d76fb469fe20f16206e39cd25b21eae57e780c2ab0a46c326cc6bdcb658abed",
    ),
]


def _digest(res) -> str:
    h = hashlib.sha256()
    for name in sorted(res.arrays):
        a = np.ascontiguousarray(res.arrays[name])
        h.update(name.encode())
        h.update(str(a.dtype).encode())
        h.update(a.tobytes())
    return h.hexdigest()


@pytest.mark.parametrize(("kw", "engine", "expected"), MAIN_DIGESTS)
def test_no_correction_reproduces_main_bit_for_bit(kw, engine, expected):
    assert _digest(simulate(MultivariateConfig(**kw), engine=engine)) == expected


def corrected_reference(cfg, cov0, replicates, seed):
    """Per replicate: draw points from the model, move each a share gamma toward
    T(x) = L0 chol(S)^-1 (x - mu) (which carries N(mu, S) onto the truth N(0, S0)), fit, repeat."""
    d, gamma = cfg.dimension, cfg.correction
    l0 = np.linalg.cholesky(cov0)
    rows = []
    for rng in np.random.default_rng(seed).spawn(replicates):
        mu, cov = np.zeros(d), cov0.copy()
        gens = [metrics_of(mu, cov, cov0)]
        pool = []
        for t in range(cfg.generations):
            real = rng.multivariate_normal(np.zeros(d), cov0, cfg.n_real)
            x = rng.multivariate_normal(mu, cov, cfg.n_syn)
            target = linalg.solve_triangular(np.linalg.cholesky(cov), (x - mu).T, lower=True).T @ l0.T
            x = x + gamma * (target - x)
            batch = np.concatenate([real, x])
            pool.append(batch)
            if cfg.regime == "replace":
                train = batch
            elif cfg.regime == "accumulate" or t == 0:
                train = np.concatenate(pool)
            else:
                everything = np.concatenate(pool)
                train = everything[rng.choice(len(everything), cfg.sample_size, replace=False)]
            mu, cov = train.mean(axis=0), np.cov(train.T, ddof=cfg.ddof)
            gens.append(metrics_of(mu, cov, cov0))
        rows.append(gens)
    return {n: np.array([[g[n] for g in row] for row in rows]) for n in rows[0][0]}


CASES = [
    dict(regime="replace", real_fraction=0.0, condition_number=1.0),
    dict(regime="replace", real_fraction=0.3, condition_number=10.0, rotation=30.0),
    dict(regime="accumulate", real_fraction=0.0, condition_number=10.0),
    dict(regime="accumulate-subsample", real_fraction=0.0, condition_number=1.0),
]


@pytest.mark.parametrize("case", CASES)
def test_engines_match_a_plain_corrected_loop(case):
    cfg = MultivariateConfig(
        dimension=3, sample_size=12, generations=5, replicates=1000, correction=0.3, seed=91, **case
    )
    ref = corrected_reference(cfg, truth(cfg).cov, 1000, seed=92)
    engines = ["monte-carlo"] + (["exact"] if case["regime"] != "accumulate-subsample" else [])
    for engine in engines:
        res = simulate(cfg, engine=engine)
        for name in ("log_trace_ratio", "mean_drift", "wasserstein2"):
            assert name in STORED
            for t in (1, 5):
                assert_same_distribution(res.metric(name)[:, t], ref[name][:, t], f"{engine} {name} t={t}")


def test_correction_stops_the_collapse_and_draws_no_theory():
    base = dict(dimension=4, sample_size=20, generations=300, replicates=200, seed=93)
    on = simulate(MultivariateConfig(**base, correction=0.1)).metric("log_trace_ratio")[:, -1]
    off = simulate(MultivariateConfig(**base)).metric("log_trace_ratio")[:, -1]
    assert np.median(on) > np.log(0.2) and np.median(off) < np.log(1e-3)
    assert theory(MultivariateConfig(**base, correction=0.1)) == {}
