"""Closed forms for the text family: none apply to an n-gram chain in general.

The unigram case at temperature 1 with no truncation and no smoothing is the categorical
family's Wright-Fisher chain (collapse_core.categorical.theory) started from generation 1's
counts; tests check that agreement instead of a formula here.
"""

from __future__ import annotations


def theory(cfg) -> dict:
    return {}
