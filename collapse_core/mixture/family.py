"""The Gaussian-mixture family as the registry sees it."""

from __future__ import annotations

from collapse_core.family import Family, Option
from collapse_core.mixture import budget, engine, presets
from collapse_core.mixture.config import MAX_COMPONENTS, MixtureConfig
from collapse_core.mixture.harm import HARM
from collapse_core.mixture.metrics import METRICS
from collapse_core.mixture.theory import theory

DESCRIBE = (
    "A mixture of K Gaussians (1-D or 2-D) refitted by EM each generation. Truth: equal weights, unit "
    "variances, neighbouring means `separation` apart (1-D on a line, 2-D on a circle). Each generation "
    "samples component counts from a multinomial, then normals; EM (full covariances) starts from the "
    "previous generation's fit and stops per replicate when the mean log-likelihood per point changes "
    "by less than em_tol, or after em_max_iter iterations; variance_floor is added to every variance "
    "after each M step (scikit-learn's reg_covar)."
)

FAMILY = Family(
    name="mixture",
    title="Gaussian mixture (the modes die)",
    config=MixtureConfig,
    run=engine.run,
    engines=engine.ENGINES,
    choose_engine=engine.choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    metrics={name: description for name, (description, _) in METRICS.items()},
    options=(
        # Declared as the multivariate family declares it (a shared flag must match); the
        # mixture's config accepts 1 or 2 and says so.
        Option("--dimension", "dimension", int, "mixture: 1 (a line) or 2 (a plane)"),
        Option(
            "--components", "components", int, f"mixture components K, 2 to {MAX_COMPONENTS}", metavar="K"
        ),
        Option(
            "--separation",
            "separation",
            float,
            "distance between neighbouring truth means, in truth standard deviations, 2 to 20",
        ),
        Option("--em-max-iter", "em_max_iter", int, "most EM iterations per fit, 1 to 1000"),
        Option(
            "--em-tol", "em_tol", float, "EM stops when the mean log-likelihood per point changes by less"
        ),
        Option(
            "--variance-floor", "variance_floor", float, "added to every fitted variance after each M step"
        ),
        Option(
            "--minority-weight",
            "minority_weight",
            float,
            "truth weight of component 0, below 1/K (the others share the rest); 0: equal weights",
        ),
        Option(
            "--truth-weights",
            "truth_weights",
            str,
            "all K truth weights separated by commas, summing to 1 (the lightest is the minority)",
            metavar="W1,W2,...",
        ),
    ),
    presets=presets.PRESETS,
    describe=DESCRIBE,
    harm=HARM,
)
