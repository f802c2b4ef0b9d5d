"""Model collapse simulations. The core needs numpy and scipy only (no streamlit, no plotly);
the digits family needs scikit-learn, the English vocabulary wordfreq, sweeps dask, pandas
and pyarrow, and `Result.to_frame()` pandas, each imported only where it is used (the
extras of pyproject.toml install them).

Every family's config is exported here; `simulate()` runs any of them.

Examples:
    >>> from collapse_core import GaussianConfig, simulate
    >>> res = simulate(GaussianConfig(sample_size=100, generations=50, replicates=400, seed=1))
    >>> res.metric("variance_ratio").shape
    (400, 51)
    >>> bool(res.summary(("variance_ratio",))["variance_ratio"]["median"][-1] < 1)
    True

Families (what is fitted and sampled) are listed in collapse_core/families.py; simulate(),
the command line, presets and budgets read that registry.
"""

from collapse_core import families
from collapse_core.budget import BATCH, INTERACTIVE, Budget, WorkBudgetError
from collapse_core.categorical import CategoricalConfig, simulate_categorical
from collapse_core.config import REAL_SOURCES, REGIMES, ChainConfig, config_from_provenance
from collapse_core.digits.config import DigitsConfig
from collapse_core.family import Family, Option
from collapse_core.gaussian import GaussianConfig, simulate_gaussian
from collapse_core.kde.config import KDEConfig
from collapse_core.mixture.config import MixtureConfig
from collapse_core.multivariate.config import MultivariateConfig
from collapse_core.provenance import VERSION as __version__  # noqa: F401 (the package's version)
from collapse_core.regression.config import RegressionConfig
from collapse_core.result import Result
from collapse_core.run import simulate
from collapse_core.text.config import TextConfig

__all__ = [
    "BATCH",
    "INTERACTIVE",
    "REAL_SOURCES",
    "REGIMES",
    "Budget",
    "CategoricalConfig",
    "ChainConfig",
    "DigitsConfig",
    "Family",
    "GaussianConfig",
    "KDEConfig",
    "MixtureConfig",
    "MultivariateConfig",
    "Option",
    "RegressionConfig",
    "Result",
    "TextConfig",
    "WorkBudgetError",
    "config_from_provenance",
    "families",
    "simulate",
    "simulate_categorical",
    "simulate_gaussian",
]
