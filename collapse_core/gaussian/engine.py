"""Engine choice and the Gaussian entry point."""

from __future__ import annotations

from collapse_core import budget as budget_mod
from collapse_core.gaussian import exact, metrics, monte_carlo, on_data
from collapse_core.gaussian.config import GaussianConfig
from collapse_core.result import Result

ENGINES = ("auto", "exact", "monte-carlo")


def choose_engine(cfg: GaussianConfig, engine: str = "auto") -> tuple[str, str]:
    """(engine, plain-words reason). Raises ValueError for an engine that cannot run cfg."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    if engine == "monte-carlo":
        return engine, "Monte Carlo was asked for: every point is drawn"
    if cfg.data:
        if engine == "exact":
            raise ValueError(
                "engine 'exact' assumes a Gaussian truth; with your data as the truth use "
                "engine 'monte-carlo' or 'auto'"
            )
        return "monte-carlo", (
            "your data is the truth: the exact engine assumes a Gaussian truth, so every point is "
            "drawn (generation 1 and every real point resampled from the data with replacement)"
        )
    if exact.covers(cfg):
        why = (
            "the fitted mean and variance are drawn from their exact sampling distributions "
            "(normal and chi-square), so the cost does not grow with the sample size"
        )
        return "exact", ("exact was asked for: " if engine == "exact" else "") + why
    if cfg.verifier_width:
        if engine == "exact":
            raise ValueError(
                "engine 'exact' does not cover a verifier (the accepted points' statistics have no "
                "sampling law to draw from); use engine 'monte-carlo' or 'auto'"
            )
        return "monte-carlo", "a verifier keeps only some synthetic points, so every point is drawn"
    if engine == "exact":
        raise ValueError(
            f"engine 'exact' does not cover regime {cfg.regime!r} (later subsamples reuse "
            "individual points); use engine 'monte-carlo' or 'auto'"
        )
    return "monte-carlo", (
        "accumulate-subsample reuses individual points across generations, so every point is drawn and kept"
    )


def _metric(name: str, res: Result):
    return metrics.compute(name, res.arrays["mean"], res.arrays["log_variance"], res.config)


def run(cfg: GaussianConfig, engine: str, reason: str, chunk: int | None = None) -> Result:
    """The family's runner (Family.run): cfg has its seed, the budget is checked."""
    module = exact if engine == "exact" else monte_carlo
    kwargs = {} if chunk is None else {("chunk_cells" if engine == "exact" else "chunk_elements"): chunk}
    if cfg.data:
        cfg, kwargs["truth"] = on_data.bind(cfg)
    mean, logv = module.run(cfg, cfg.seed, **kwargs)
    return Result(
        config=cfg,
        engine=engine,
        engine_reason=reason,
        arrays={"mean": mean, "log_variance": logv},
        _metric_fn=_metric,
        metric_names=tuple(metrics.METRICS),
    )


def simulate_gaussian(
    cfg: GaussianConfig,
    engine: str = "auto",
    budget: budget_mod.Budget = budget_mod.INTERACTIVE,
    chunk: int | None = None,
) -> Result:
    """Run the chain; `chunk` (draw size per numpy call) changes memory, never results."""
    if not isinstance(cfg, GaussianConfig):
        raise TypeError(f"simulate_gaussian needs a GaussianConfig; got {type(cfg).__name__}")
    from collapse_core.run import simulate

    return simulate(cfg, engine=engine, budget=budget, chunk=chunk)
