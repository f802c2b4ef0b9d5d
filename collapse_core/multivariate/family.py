"""The multivariate Gaussian family as the registry sees it."""

from __future__ import annotations

from collapse_core.family import Family, Option
from collapse_core.multivariate import budget, engine, presets
from collapse_core.multivariate.config import ESTIMATORS, MAX_DIMENSION, MultivariateConfig
from collapse_core.multivariate.harm import HARM
from collapse_core.multivariate.metrics import METRICS
from collapse_core.multivariate.theory import theory

FAMILY = Family(
    name="multivariate",
    title="multivariate Gaussian (full covariance)",
    config=MultivariateConfig,
    run=engine.run,
    engines=engine.ENGINES,
    choose_engine=engine.choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    metrics={name: description for name, (description, _) in METRICS.items()},
    options=(
        Option(
            "--dimension",
            "dimension",
            int,
            f"dimension d, 2 to {MAX_DIMENSION}; the sample size must exceed it",
            metavar="d",
        ),
        # Declared as the gaussian family declares it (the CLI requires the same flag, type, choices).
        Option(
            "--estimator",
            "estimator",
            str,
            "mle: variance divides by n (ddof=0); unbiased: by n-1",
            choices=ESTIMATORS,
        ),
        Option(
            "--condition-number",
            "condition_number",
            float,
            "condition number of the truth's "
            "covariance, 1 (identity) to 1e6; eigenvalues log-evenly spaced, determinant 1",
            metavar="kappa",
        ),
        Option(
            "--rotation",
            "rotation",
            float,
            "degrees the truth's axes are turned in each plane of consecutive coordinates, -360 to 360",
            metavar="DEG",
        ),
        Option(
            "--correction",
            "correction",
            float,
            "self-correction strength gamma in [0, 1]: each synthetic point moved that share of the way "
            "onto the truth before training (Gillman et al. 2024)",
        ),
    ),
    presets=presets.PRESETS,
    describe="A d-dimensional normal N(m, S) refitted by its sample mean and covariance (truth mean 0).",
    harm=HARM,
)
