"""URL parameter specs and the query parser: valid values round-trip, anything else is a problem."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collapse_ui import gaussian
from collapse_ui.params import BoolParam, ChoiceParam, FloatParam, IntParam, LadderParam, parse_query, quote

PARAMS = gaussian.PARAMS
BY_NAME = {p.name: p for p in PARAMS}


def valid_values(p):
    if isinstance(p, LadderParam):
        return st.sampled_from(p.options)
    if isinstance(p, IntParam):
        return st.integers(p.low, p.high)
    if isinstance(p, FloatParam):
        return st.floats(p.low, p.high)
    if isinstance(p, ChoiceParam):
        return st.sampled_from(p.options)
    if isinstance(p, BoolParam):
        return st.booleans()
    raise TypeError(p)


@pytest.mark.parametrize("param", PARAMS, ids=[p.name for p in PARAMS])
@given(data=st.data())
def test_format_then_parse_gives_the_cleaned_value(param, data):
    value = data.draw(valid_values(param))
    assert param.parse(param.format(value)) == param.clean(value)


@given(query=st.dictionaries(st.sampled_from([*BY_NAME, "x", ""]), st.text(max_size=60)))
def test_any_text_gives_values_or_problems_never_an_exception(query):
    values, problems = parse_query(PARAMS, query)
    assert set(values) | {p.key for p in problems} == set(query)
    for name, value in values.items():
        assert BY_NAME[name].parse(BY_NAME[name].format(value)) == value


def test_defaults_are_valid_and_parse_back():
    for p in PARAMS:
        assert p.parse(p.format(p.default)) == p.default


def test_problem_names_label_and_key_and_the_default():
    _, [problem] = parse_query(PARAMS, {"generations": "lots"})
    assert problem.key == "generations"
    assert "Generations (generations)" in problem.message and "200" in problem.message


def test_ladder_rejects_values_between_steps():
    with pytest.raises(ValueError, match="not one of the steps"):
        BY_NAME["sample_size"].parse("300")


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e999", "0x1", " ", "1_000", "١٢"])
def test_numbers_that_are_not_plain_finite_decimals_are_refused(text):
    with pytest.raises(ValueError):
        BY_NAME["real_fraction"].parse(text)
    with pytest.raises(ValueError):
        BY_NAME["generations"].parse(text)


def test_quote_puts_text_in_a_code_span_and_bounds_length():
    assert quote("[a](http://x)") == "`[a](http://x)`"
    assert quote("a`b") == "`a'b`"  # a backtick cannot close the span early
    assert quote("") == quote("  ") == "an empty value"
    assert len(quote("9" * 1000)) < 50
    assert "\n" not in quote("a\nb")


def test_huge_integers_are_out_of_range_not_malformed():
    with pytest.raises(ValueError, match="outside"):
        BY_NAME["seed"].parse("9" * 5000)
