"""The linear regression family as the registry sees it."""

from __future__ import annotations

from collapse_core.family import Family, Option
from collapse_core.regression import budget, engine, metrics, presets
from collapse_core.regression.config import MAX_DIMENSION, RegressionConfig
from collapse_core.regression.harm import HARM
from collapse_core.regression.theory import theory
from collapse_core.result import Result

ENGINES = ("auto", "monte-carlo")
REASON = (
    "every design point and label is drawn; the least-squares fits of all replicates are solved "
    "together (batched normal equations)"
)


def choose_engine(cfg: RegressionConfig, engine_name: str = "auto") -> tuple[str, str]:
    return "monte-carlo", ("monte-carlo was asked for: " if engine_name == "monte-carlo" else "") + REASON


def _metric(name: str, res: Result):
    return metrics.compute(name, res.arrays, res.config)


def run(cfg: RegressionConfig, engine_name: str, reason: str, chunk: int | None = None) -> Result:
    """The family's runner; `chunk` is accepted for the shared interface and unused."""
    return Result(
        config=cfg,
        engine=engine_name,
        engine_reason=reason,
        arrays=engine.run(cfg, cfg.seed),
        _metric_fn=_metric,
        metric_names=metrics.names(cfg),
    )


FAMILY = Family(
    name="regression",
    title="linear regression",
    config=RegressionConfig,
    run=run,
    engines=ENGINES,
    choose_engine=choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    metrics={
        name: description for name, (description, _) in {**metrics.METRICS, **metrics.GROUP_METRICS}.items()
    },
    options=(
        Option(
            "--dimension",
            "dimension",
            int,
            f"d, inputs per row, 1 to {MAX_DIMENSION}; sample size "
            "(T rows per generation) must be at least d + 2",
            metavar="d",
        ),
        Option("--noise", "noise", float, "sigma, standard deviation of the label noise"),
        Option("--weight-norm", "weight_norm", float, "||w*|| (no error metric depends on it)"),
        Option(
            "--minority-share",
            "minority_share",
            float,
            "share p of real rows in group B (labelled by w_B), below 0.5; 0: one population",
        ),
        Option("--group-gap", "group_gap", float, "||w_B - w_A||, the groups' difference in true weights"),
    ),
    presets=presets.PRESETS,
    describe="Least squares y = x . w + noise refitted on labels made by the previous fit (isotropic "
    "Gaussian design; sample size is T, rows per generation).",
    harm=HARM,
)
