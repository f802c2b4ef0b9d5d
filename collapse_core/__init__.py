"""Model collapse simulations: numpy and scipy only (no streamlit, no plotly).

    >>> from collapse_core import GaussianConfig, simulate
    >>> res = simulate(GaussianConfig(sample_size=100, generations=500, replicates=200, seed=1))
    >>> res.summary(("variance_ratio",))["variance_ratio"]["median"][-1]  # doctest: +SKIP

Families (what is fitted and sampled) are listed in collapse_core/families.py; simulate(),
the command line, presets and budgets read that registry.
"""

from collapse_core import families
from collapse_core.budget import BATCH, INTERACTIVE, Budget, WorkBudgetError
from collapse_core.categorical import CategoricalConfig, simulate_categorical
from collapse_core.config import REAL_SOURCES, REGIMES, ChainConfig
from collapse_core.family import Family, Option
from collapse_core.gaussian import GaussianConfig, simulate_gaussian
from collapse_core.provenance import VERSION as __version__  # noqa: F401 (the package's version)
from collapse_core.result import Result
from collapse_core.run import simulate

__all__ = [
    "BATCH",
    "INTERACTIVE",
    "REAL_SOURCES",
    "REGIMES",
    "Budget",
    "CategoricalConfig",
    "ChainConfig",
    "Family",
    "GaussianConfig",
    "Option",
    "Result",
    "WorkBudgetError",
    "families",
    "simulate",
    "simulate_categorical",
    "simulate_gaussian",
]
