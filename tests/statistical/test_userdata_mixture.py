"""The 1-D mixture chain on a user's data set against the same computation done by hand.

EM's M step keeps two totals exactly, whatever the starting point: the fitted mixture's mean
is the training set's mean and its total variance the training set's variance (divided by n)
plus variance_floor. So with generation 1 fitted on M points resampled from the data, those
two statistics follow the bootstrap distribution of the (standardised) data, which the test
draws by hand. Tolerance: whole distributions by a two-sample KS test at alpha = 1e-4
(stats_helpers); the same test against draws from the reference mixture (a smooth stand-in
for the data) must fail, so the check can tell the two apart."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from stats_helpers import assert_same_distribution

from collapse_core import MixtureConfig, simulate
from collapse_core.mixture import em, on_data
from collapse_core.mixture.engine import state
from collapse_core.mixture.metrics import moments
from collapse_core.userdata import store

# Two lumps and a far outlier, on a coarse grid: nothing like a Gaussian mixture.
DATA = np.array([150.0, 151, 151, 152, 153, 170, 171, 171, 172, 172, 173, 174, 240])
R, M = 3000, 10


@pytest.fixture
def data_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    return store.put_values({"height": DATA}, "heights", "cm")


def _generation_one(cfg):
    res = simulate(cfg)
    mix = state(res.arrays, 1)
    m, s = moments(mix.weights, mix.means, mix.covariances)
    return res, m[:, 0], s[:, 0, 0]


@pytest.mark.parametrize(("fraction", "source"), [(0.0, "fresh"), (0.5, "fixed"), (1.0, "fresh")])
def test_generation_one_is_fitted_on_a_bootstrap_of_the_data(data_hash, fraction, source):
    cfg = MixtureConfig(
        sample_size=M,
        generations=2,
        replicates=R,
        components=2,
        seed=5,
        data=data_hash,
        real_fraction=fraction,
        real_source=source,
    )
    res, mean1, var1 = _generation_one(cfg)
    assert "your data is the truth" in res.engine_reason
    # The standardisation by hand: (x - mean) / unit, unit = sd * the reference fit's sd.
    z = on_data.data_truth(cfg).values
    unit = on_data.unit(cfg)
    np.testing.assert_allclose(z * unit + DATA.mean(), DATA, rtol=1e-12)
    rng = np.random.default_rng(99)
    boot = z[rng.integers(0, z.size, (R, M))]
    assert_same_distribution(mean1, boot.mean(axis=1))
    assert_same_distribution(var1, boot.var(axis=1) + cfg.variance_floor)
    smooth = em.sample(rng, on_data.reference(cfg).rows(R), M)[..., 0]
    assert stats.ks_2samp(var1, smooth.var(axis=1) + cfg.variance_floor).pvalue < 1e-4


def test_metrics_measure_against_the_data(data_hash):
    cfg = MixtureConfig(sample_size=40, generations=3, replicates=20, components=2, seed=1, data=data_hash)
    res = simulate(cfg)
    z = on_data.data_truth(cfg).values
    # Generation 0 is the reference fit: its variance ratio is its total variance over the data's.
    ref = on_data.reference(cfg)
    _, s0 = moments(ref.weights[0], ref.means[0], ref.covariances[0])
    np.testing.assert_allclose(res.metric("variance_ratio")[:, 0], s0[0, 0] / z.var(), rtol=1e-9)
    assert np.isnan(res.metric("kl_upper_bound")).all()
    # With K = 2 the reference fit spends a component on the outlier, so no value lies outside
    # its outer region: the data has no tail there and the ratio is NaN, not a division by 0.
    lo, hi = on_data.outer_region(cfg)
    assert ref.means[0, :, 0].max() == pytest.approx(z.max())
    assert not np.any((z < lo) | (z > hi))
    assert np.isnan(res.metric("tail_ratio_3sigma")).all()
    assert np.isfinite(res.metric("tail_mass_3sigma")).all()
    assert res.config.asdict()["data"] == data_hash


def test_without_data_the_record_is_unchanged():
    assert "data" not in MixtureConfig().asdict()
    with pytest.raises(ValueError, match="dimension must be 1 with data"):
        MixtureConfig(dimension=2, data="0" * 64)
