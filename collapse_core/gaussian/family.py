"""The Gaussian family as the registry sees it."""

from __future__ import annotations

from collapse_core.family import Family, Option
from collapse_core.gaussian import budget, engine, presets
from collapse_core.gaussian.config import ESTIMATORS, GaussianConfig
from collapse_core.gaussian.formulas import formulas
from collapse_core.gaussian.harm import HARM
from collapse_core.gaussian.metrics import METRICS, result_summary
from collapse_core.gaussian.theory import theory
from collapse_core.gaussian.weighting import WEIGHTINGS

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
        Option(
            "--weighting",
            "weighting",
            str,
            "pool: one fit to the whole training set; weighted: the fresh real and synthetic parts "
            "fitted apart, combined with --real-weight on the real one; optimal: that weight at its "
            "optimum (1/phi for equal parts; He, Xu & Cheng 2025)",
            choices=WEIGHTINGS,
        ),
        Option(
            "--real-weight", "real_weight", float, "weight on the real part in (0, 1] (--weighting weighted)"
        ),
        Option(
            "--correction",
            "correction",
            float,
            "self-correction strength gamma in [0, 1]: each synthetic point moved that share of the way "
            "onto the truth before training (Gillman et al. 2024)",
        ),
        Option(
            "--verifier-width",
            "verifier_width",
            float,
            "keep only synthetic points within this many true SDs of the verifier's centre (0: no verifier)",
        ),
        Option(
            "--verifier-centre",
            "verifier_centre",
            float,
            "the verifier's centre, in true SDs off the truth's mean (a biased verifier)",
        ),
    ),
    presets=presets.PRESETS,
    summary=result_summary,
    describe="A normal distribution N(mu, sigma^2) refitted by its sample mean and variance.",
    harm=HARM,
)
