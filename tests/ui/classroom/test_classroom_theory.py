"""Theory as numbers: each family's closed forms at the current settings agree with the core's
theory functions (and with the values the brief quotes), and the page shows them with st.latex."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collapse_core import simulate
from collapse_core.categorical import expected_heterozygosity
from collapse_core.categorical.formulas import formulas as vocabulary_formulas
from collapse_core.categorical.truth import truth_probabilities
from collapse_core.gaussian import expected_moments
from collapse_core.gaussian.formulas import formulas as gaussian_formulas
from collapse_ui.families import categorical as vocabulary
from collapse_ui.families import gaussian
from collapse_ui.kit import latex_number

ROOT = Path(__file__).resolve().parents[3]


def digest_of(page, **over):
    values = {**page.PAGE.defaults(), "replicates": 10, **over}
    return page.digest_result(simulate(page.config_from(values))), values


def by_label(formulas, word):
    return next(f for f in formulas if word in f.label)


def test_gaussian_replace_mle_is_the_quoted_value():
    d, _ = digest_of(gaussian, sample_size=100, generations=100)
    fs = gaussian_formulas(d.config)
    expected = by_label(fs, "Expected variance left")
    assert expected.value == pytest.approx(0.99**100) and f"{expected.value:.3f}" == "0.366"
    assert expected.value == pytest.approx(expected_moments(d.config)["variance_ratio"][-1], rel=1e-12)
    drift = by_label(fs, "drift of the mean")
    assert drift.value == pytest.approx(expected_moments(d.config)["mean_drift_sq"][-1], rel=1e-9)
    assert by_label(fs, "typical chain").value < expected.value  # the median chain is far below the mean


def test_gaussian_unbiased_keeps_the_expected_variance_and_drifts_g_over_m():
    d, _ = digest_of(gaussian, sample_size=100, generations=50, estimator="unbiased")
    fs = gaussian_formulas(d.config)
    assert by_label(fs, "Expected variance left").value == pytest.approx(1.0)
    assert by_label(fs, "drift of the mean").value == pytest.approx(0.5)


@pytest.mark.parametrize("m", [10, 100, 10_000])
def test_gaussian_accumulate_limit_is_sin_over_argument(m):
    d, _ = digest_of(gaussian, sample_size=m, generations=20, regime="accumulate")
    limit = by_label(gaussian_formulas(d.config), "Accumulate").value
    x = math.pi / math.sqrt(m)
    assert limit == pytest.approx(math.sin(x) / x, rel=1e-9)


def test_gaussian_fresh_real_data_has_a_stationary_level_the_recursion_reaches():
    d, _ = digest_of(gaussian, sample_size=100, generations=2000, real_fraction=0.1)
    fs = gaussian_formulas(d.config)
    level = by_label(fs, "fresh real data").value
    assert 0.9 < level < 1 and by_label(fs, "exact moment recursion").value == pytest.approx(level, rel=1e-6)


def test_gaussian_subsample_has_no_closed_form():
    d, _ = digest_of(gaussian, regime="accumulate-subsample", generations=20, sample_size=20)
    assert gaussian_formulas(d.config) == []


def test_vocabulary_heterozygosity_decays_by_one_over_m():
    d, _ = digest_of(vocabulary, sample_size=500, generations=100, categories=200)
    fs = vocabulary_formulas(d.config)
    h0 = by_label(fs, "truth's heterozygosity").value
    hg = by_label(fs, "Expected heterozygosity after").value
    assert hg == pytest.approx(h0 * (1 - 1 / 500) ** 100)
    assert hg == pytest.approx(expected_heterozygosity(d.config)[-1], rel=1e-9)
    assert by_label(fs, "half of the heterozygosity").value == pytest.approx(
        math.log(2) / -math.log(1 - 1 / 500)
    )
    assert by_label(fs, "takes over").value == pytest.approx(truth_probabilities(d.config)[0])
    surv = by_label(fs, "still in use").value
    assert surv == pytest.approx(d.theory["expected_surviving"][-1])


def test_vocabulary_with_real_text_uses_the_recursion():
    d, _ = digest_of(vocabulary, generations=30, real_fraction=0.2)
    fs = vocabulary_formulas(d.config)
    assert not any("takes over" in f.label for f in fs)
    assert by_label(fs, "exact moment recursion").value == pytest.approx(
        expected_heterozygosity(d.config)[-1]
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.366, "0.366"),
        (1.2e-5, r"1.2 \times 10^{-5}"),
        (0, "0"),
        (1385.94775, "1386"),
        (math.inf, r"\infty"),
    ],
)
def test_latex_numbers_have_no_e_notation(value, text):
    assert latex_number(value) == text


def test_the_page_shows_the_formulas_in_an_expander_drawn_once_opened():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, val in {"sample_size": "100", "generations": "100", "replicates": "20"}.items():
        at.query_params[k] = val
    at.run()
    assert not at.exception
    panel = next(e for e in at.expander if e.label.startswith("Theory as numbers"))
    assert not panel.proto.expanded and len(panel.latex) == 0  # closed: nothing drawn in it
    at.session_state["gaussian.theory"] = True  # what opening it in the browser sets
    at.run()
    panel = next(e for e in at.expander if e.label.startswith("Theory as numbers"))
    latex = [m.value for m in panel.latex]
    assert any(
        r"\left(\frac{99}{100}\right)^{100}" in t and t.strip("$\n ").endswith("0.366") for t in latex
    ), latex
