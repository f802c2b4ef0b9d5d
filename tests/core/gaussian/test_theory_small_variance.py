"""Regression: the expected variance must keep decaying below 1e-16 (it used to floor there).

Under replace with no real data, E[sigma_t^2] / sigma0^2 = ((M - 1) / (M - ddof))^t exactly.
The moment recursion once lost every value below ~1e-16 times the mean drift to cancellation,
which drew the theory curve flat (or at zero) on a log axis while the simulation kept falling.
"""

import numpy as np
import pytest

from collapse_core import GaussianConfig
from collapse_core.gaussian import expected_moments


@pytest.mark.parametrize(("m", "estimator"), [(2, "mle"), (5, "mle"), (10, "unbiased"), (100, "mle")])
def test_expected_variance_matches_power_law_far_below_machine_epsilon(m, estimator):
    cfg = GaussianConfig(sample_size=m, generations=3000, estimator=estimator, seed=0)
    got = expected_moments(cfg)["variance_ratio"]
    ddof = 0 if estimator == "mle" else 1
    want = ((m - 1) / (m - ddof)) ** np.arange(cfg.generations + 1.0)
    representable = want > 1e-300
    np.testing.assert_allclose(got[representable], want[representable], rtol=1e-9)
