"""Model collapse simulations: numpy and scipy only (no streamlit, no plotly).

    >>> from collapse_core import GaussianConfig, simulate
    >>> res = simulate(GaussianConfig(sample_size=100, generations=500, replicates=200, seed=1))
    >>> res.summary(("variance_ratio",))["variance_ratio"]["median"][-1]  # doctest: +SKIP
"""

from collapse_core.budget import BATCH, INTERACTIVE, Budget, WorkBudgetError
from collapse_core.categorical import CategoricalConfig, simulate_categorical
from collapse_core.config import REAL_SOURCES, REGIMES, ChainConfig
from collapse_core.gaussian import GaussianConfig, simulate_gaussian
from collapse_core.result import Result

__all__ = [
    "BATCH",
    "INTERACTIVE",
    "REAL_SOURCES",
    "REGIMES",
    "Budget",
    "CategoricalConfig",
    "ChainConfig",
    "GaussianConfig",
    "Result",
    "WorkBudgetError",
    "simulate",
]


def simulate(cfg, engine: str = "auto", budget: Budget = INTERACTIVE, chunk: int | None = None) -> Result:
    """Run a chain for any family's config."""
    if isinstance(cfg, GaussianConfig):
        return simulate_gaussian(cfg, engine=engine, budget=budget, chunk=chunk)
    if isinstance(cfg, CategoricalConfig):
        return simulate_categorical(cfg, engine, budget=budget, chunk=chunk)
    raise TypeError(f"no family handles a {type(cfg).__name__}")
