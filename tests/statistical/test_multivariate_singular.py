"""Singular fitted covariances in the multivariate family: the rule (collapse_core.multivariate.
factor) decides them the same way in the library and the reference loop, whatever sign
rounding gives the zero eigenvalue. Every covariance here is built to be singular (or not) by
construction, so no test depends on a CPU's BLAS rounding to reproduce the case."""

import numpy as np
import pytest
from multivariate_reference import metrics_of, reference_runs
from stats_helpers import Z, assert_same_distribution

from collapse_core import simulate
from collapse_core.multivariate import MultivariateConfig
from collapse_core.multivariate.chain import STORED, Group, Recorder, State
from collapse_core.multivariate.factor import graded_factor
from collapse_core.multivariate.truth import truth

ROT = np.linalg.qr(np.array([[2.0, 1.0, 0.5], [-1.0, 3.0, 1.0], [0.5, 1.0, 4.0]]))[0]


def _spectral(eigenvalues):
    return (ROT * np.asarray(eigenvalues)) @ ROT.T


# name -> (covariance, how many eigenvalues the rule sets to 0)
COVS = {
    # Integer entries: B B^T is exactly singular in float64 (rank 2, then rank 1).
    "exact rank 2": (
        np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 3.0]]) @ np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]]),
        1,
    ),
    "exact rank 1": (np.outer([1.0, 2.0, -1.0], [1.0, 2.0, -1.0]), 2),
    "point mass": (np.zeros((3, 3)), 3),
    # A zero eigenvalue that rounding put below 0 (Cholesky fails) or just above 0.
    "rounded below zero": (_spectral([-1e-14, 1.0, 3.0]), 1),
    "rounded above zero": (_spectral([1e-14, 1.0, 3.0]), 1),
    # Thin, but far above rounding: a regular covariance, its eigenvalue kept.
    "thin but regular": (_spectral([1e-9, 1.0, 3.0]), 0),
}


def test_the_rounded_negative_case_is_the_hazard():
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.cholesky(COVS["rounded below zero"][0])


@pytest.mark.parametrize("name", COVS)
def test_graded_factor_zeroes_exactly_the_lost_directions(name):
    cov, zeros = COVS[name]
    g, lo = graded_factor(cov[None])
    assert np.isneginf(g).sum() == zeros and not np.isnan(g).any()
    assert np.all(np.diagonal(lo[0]) == 1.0) and np.all(np.triu(lo[0], 1) == 0.0)
    rebuilt = (lo[0] * np.exp(2.0 * g[0])) @ lo[0].T
    np.testing.assert_allclose(rebuilt, cov, atol=1e-12 * max(1.0, np.abs(cov).max()))


def _library_metrics(cov_white: np.ndarray, mean_white: np.ndarray, tr) -> dict[str, float]:
    """The engine's own fit and recorder on one covariance given in whitened coordinates."""
    d = len(mean_white)
    state = State(1, d)
    n = 10
    state.fit(Group(n, mean_white[None], n * cov_white[None]), accumulate=False, ddof=0)
    rec = Recorder(1, 0, tr, (), 0)
    rec.record(0, state, slice(0, 1))
    return {name: rec.out[name][0, 0] for name in STORED}


@pytest.mark.parametrize(
    "shape", [{}, {"condition_number": 10.0, "rotation": 25.0}], ids=["identity", "rotated"]
)
@pytest.mark.parametrize("name", COVS)
def test_library_and_reference_agree_on_singular_covariances(name, shape):
    cov_white, zeros = COVS[name]
    tr = truth(MultivariateConfig(dimension=3, sample_size=8, **shape))
    mean_white = np.array([0.3, -0.2, 0.1])
    with np.errstate(all="raise"):  # neither may take the log of rounding noise
        got = _library_metrics(cov_white, mean_white, tr)
        want = metrics_of(tr.l0 @ mean_white, tr.l0 @ cov_white @ tr.l0.T, tr.cov)
    for metric in STORED:
        np.testing.assert_allclose(got[metric], want[metric], rtol=1e-6, atol=1e-9, err_msg=metric)
    singular = zeros > 0
    assert (got["log_eig_min_ratio"] == -np.inf) == singular
    assert (got["logdet_ratio"] == -np.inf) == singular
    assert (got["kl_divergence"] == np.inf) == singular
    assert (got["log_trace_ratio"] == -np.inf) == (zeros == 3)
    assert np.isfinite(got["wasserstein2"]) and np.isfinite(got["mean_drift"])


@pytest.mark.parametrize(
    "kw",
    [
        # Subsamples of copies of the two fixed real points: exactly singular fits, often.
        {"dimension": 3, "sample_size": 8, "real_fraction": 0.25, "generations": 60, "replicates": 1000},
        # One fixed real point, M = d + 1: point masses too (every pick a copy of that point).
        {"dimension": 2, "sample_size": 3, "real_fraction": 1 / 3, "generations": 30, "replicates": 500},
    ],
)
def test_subsample_with_fixed_real_points_keeps_running_through_singular_fits(kw):
    cfg = MultivariateConfig(seed=0, regime="accumulate-subsample", real_source="fixed", **kw)
    res = simulate(cfg, engine="monte-carlo")
    eig_min = res.metric("log_eig_min_ratio")
    lost = np.isneginf(eig_min)
    assert lost.sum() >= 10  # the case this test is about does occur
    for name in STORED:
        assert not np.isnan(res.metric(name)).any(), name
    assert np.all(np.isneginf(res.metric("logdet_ratio")) == lost)
    assert np.all(np.isposinf(res.metric("kl_divergence")) == lost)
    for name in ("wasserstein2", "mean_drift"):
        assert np.all(np.isfinite(res.metric(name))), name
    # The chain goes on: a singular fit is followed by regular ones in later generations.
    rows = np.flatnonzero(lost[:, : cfg.generations // 2].any(axis=1))
    assert np.isfinite(eig_min[rows, -1]).mean() > 0.5


def test_replace_with_fixed_real_points_collapses_without_a_failed_decomposition():
    # Two fixed real points in 3-D: the other directions collapse until float64 cannot hold
    # them, where the rule reports them as lost.
    cfg = MultivariateConfig(
        dimension=3,
        sample_size=8,
        generations=3000,
        replicates=50,
        seed=1,
        regime="replace",
        real_fraction=0.25,
        real_source="fixed",
    )
    res = simulate(cfg, engine="exact")
    eig_min = res.metric("log_eig_min_ratio")
    assert not np.isnan(eig_min).any() and np.isneginf(eig_min[:, -1]).all()
    assert np.all(np.isfinite(res.metric("log_eig_max_ratio")))


@pytest.mark.slow
def test_singular_fits_as_often_as_in_the_reference_loop():
    """d = 2, M = 3, one fixed real point: about a third of the fits are singular."""
    cfg = MultivariateConfig(
        dimension=2,
        sample_size=3,
        generations=12,
        replicates=400,
        seed=3,
        regime="accumulate-subsample",
        real_fraction=1 / 3,
        real_source="fixed",
        condition_number=10.0,
        rotation=25.0,
    )
    ref = reference_runs(cfg, truth(cfg).cov, 400, seed=5)
    res = simulate(cfg, engine="monte-carlo")
    for t in (3, 6, 12):
        a = np.isneginf(res.metric("log_eig_min_ratio")[:, t])
        b = np.isneginf(ref["log_eig_min_ratio"][:, t])
        p = (a.mean() + b.mean()) / 2
        assert 0.1 < p < 0.6
        se = np.sqrt(p * (1 - p) * 2 / 400)
        assert abs(a.mean() - b.mean()) <= Z * se, f"t={t}: {a.mean():.3f} vs reference {b.mean():.3f}"
        for name in STORED:
            assert_same_distribution(res.metric(name)[:, t], ref[name][:, t], f"{name} t={t}")
