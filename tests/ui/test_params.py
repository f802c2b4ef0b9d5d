"""URL parameter specs and the query parser: valid values round-trip, anything else is a problem."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collapse_ui.families import gaussian
from collapse_ui.own_data.param import DataParam
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
    if isinstance(p, DataParam):  # a valid hash needs a stored data set: test_page_own_data.py
        return st.just("")
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


# ---------------------------------------------------------------- out of range: snap, and say so


@pytest.mark.parametrize(
    ("name", "text", "nearest"),
    [
        ("sample_size", "3", 2),  # between the steps 2 and 5: nearer 2 by ratio
        ("sample_size", "4", 5),
        ("sample_size", "300", 200),
        ("sample_size", "0", 2),
        ("sample_size", "-7", 2),
        ("sample_size", "99999999", 1_000_000),
        ("generations", "999999", 5000),
        ("generations", "0", 1),
        ("generations", "9" * 400, 5000),
        ("generations", "-" + "9" * 400, 1),
        ("seed", "-1", 0),
        ("real_fraction", "1.5", 1.0),
        ("real_fraction", "-0.25", 0.0),
        ("replicates", "15", 20),
    ],
)
def test_numbers_out_of_range_snap_to_the_nearest_allowed_value(name, text, nearest):
    values, [problem] = parse_query(PARAMS, {name: text})
    assert values == {name: nearest}
    assert problem.key == name and not problem.silent
    assert f"({name})" in problem.message
    assert f"using the nearest allowed value, {BY_NAME[name].show(nearest)}." in problem.message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("real_fraction", "nan"),
        ("real_fraction", "inf"),
        ("real_fraction", "1e999"),
        ("generations", "1e3"),
        ("generations", "lots"),
        ("sample_size", ""),
    ],
)
def test_what_is_not_a_plain_number_still_falls_back_to_the_default(name, text):
    values, [problem] = parse_query(PARAMS, {name: text})
    assert values == {} and "using the default" in problem.message


@pytest.mark.parametrize("key", ["utm_source", "utm_medium", "UTM_Campaign", "fbclid", "gclid", "msclkid"])
def test_tracking_parameters_are_silent_problems(key):
    values, [problem] = parse_query(PARAMS, {key: "newsletter", "generations": "50"})
    assert values == {"generations": 50} and problem.key == key and problem.silent


def test_other_unknown_keys_are_still_named():
    _, [problem] = parse_query(PARAMS, {"generatoins": "50"})
    assert not problem.silent and "`generatoins` is not a setting" in problem.message


def test_the_command_line_still_refuses_out_of_range_values():
    with pytest.raises(ValueError, match=r"Generations \(generations\): `999999` is outside 1 to 5,000\.$"):
        gaussian.PAGE.values_from_query({"generations": "999999"})
