"""The docstrings' examples run as written (doctest), so the documentation cannot drift from the
code. Each module listed must hold at least one example: a module that lost its examples fails."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "collapse_core",
    "collapse_core.run",
    "collapse_core.config",
    "collapse_core.result",
    "collapse_core.gaussian.config",
    "collapse_core.categorical.config",
    "collapse_core.text.config",
    "collapse_core.multivariate.config",
    "collapse_core.mixture.config",
    "collapse_core.digits.config",
    "collapse_core.kde.config",
    "collapse_core.regression.config",
    "collapse_core.gaussian.theory",
    "collapse_core.categorical.theory",
    "collapse_core.kde.theory",
    "collapse_core.regression.theory",
    "collapse_core.multivariate.theory",
    "collapse_core.sweep.spec",
)


@pytest.mark.parametrize("name", MODULES)
def test_examples_in_docstrings_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0, f"{name} has no example"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
