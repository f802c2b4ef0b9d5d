"""The phase diagram's one-line answer agrees with the exact theory line drawn on the same page,
within the grid's spacing of real-data shares, at the page's default sweep (where one noisy
cell used to decide the sentence); without a theory line it reports the grid's band."""

from __future__ import annotations

import functools
import re

import pytest

from collapse_core.sweep.runner import run_sweep
from collapse_ui import phase


def values(**changes):
    return {**{p.name: p.default for p in phase.PARAMS}, **changes}


@functools.cache
def sweep(items: tuple):
    v = dict(items)
    return run_sweep(phase.spec_from(v), scheduler="serial").table


def shares_in(sentence: str) -> list[float]:
    return [float(x) / 100 for x in re.findall(r"(\d+(?:\.\d+)?)%", sentence)]


@pytest.mark.parametrize("statistic", ["median", "mean"])
def test_the_sentence_states_the_theory_boundary_within_one_grid_step(statistic):
    v = values(statistic=statistic)
    spec = phase.spec_from(v)
    sizes, shares = phase.grid(v)
    boundary = phase.theory_boundary(spec, v["level"], phase.op(v))
    assert boundary is not None
    sentence = phase.answer_line(sweep(tuple(sorted(v.items()))), v, boundary)
    m = sizes[len(sizes) // 2]
    assert sentence.startswith(f"At sample size {m}, at least ")
    exact = boundary[len(sizes) // 2]
    step = shares[1] - shares[0]
    stated = shares_in(sentence)[0]  # the sentence's headline share
    assert abs(stated - exact) <= step, (sentence, exact)
    assert "exact theory" in sentence


def test_without_theory_the_sentence_gives_the_grids_band():
    # The 5% quantile has no closed form here: the theory boundary is absent.
    v = values(statistic="q05", generations=50, replicates=40, sizes=4, shares=6)
    sentence = phase.answer_line(sweep(tuple(sorted(v.items()))), v, None)
    assert sentence.startswith("At sample size ")
    assert "exact theory" not in sentence
    assert re.search(r"(between \d+(\.\d+)?% and \d+(\.\d+)?%|from \d+(\.\d+)?%|beyond the grid)", sentence)
