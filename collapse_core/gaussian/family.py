"""The Gaussian family as the registry sees it."""

from __future__ import annotations

from collapse_core.family import Family, Option
from collapse_core.gaussian import budget, engine, presets
from collapse_core.gaussian.config import ESTIMATORS, GaussianConfig
from collapse_core.gaussian.formulas import formulas
from collapse_core.gaussian.harm import HARM
from collapse_core.gaussian.metrics import METRICS, result_summary
from collapse_core.gaussian.theory import theory

FAMILY = Family(
    name="gaussian",
    title="one-dimensional Gaussian",
    config=GaussianConfig,
    run=engine.run,
    engines=engine.ENGINES,
    choose_engine=engine.choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    formulas=formulas,
    metrics={name: description for name, (description, _) in METRICS.items()},
    options=(
        Option(
            "--estimator",
            "estimator",
            str,
            "mle: variance divides by n (ddof=0); unbiased: by n-1",
            choices=ESTIMATORS,
        ),
        Option("--mu0", "mu0", float, "mean of the truth"),
        Option("--sigma0", "sigma0", float, "standard deviation of the truth"),
    ),
    presets=presets.PRESETS,
    summary=result_summary,
    describe="A normal distribution N(mu, sigma^2) refitted by its sample mean and variance.",
    harm=HARM,
)
