"""Regression chart: test error over generations, with the theory lines for replace and accumulate."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

TITLE = "Test error on fresh real data"


def figure(d) -> go.Figure:
    cfg = d.config
    x = d.generations
    s2 = cfg.noise**2
    fig = style.new_figure(TITLE, "generation", "test error (units of σ²)")
    style.level(fig, x, 1.0, "noise floor σ²", palette.TRUTH, width=1.5)
    style.chains(fig, x, d.chains["test_error"] / s2)
    b = d.bands["test_error"]
    from collapse_ui.digest import Band

    style.band(fig, x, Band(b.median / s2, b.q05 / s2, b.q95 / s2), palette.SIMULATION, "simulation")
    th = d.theory
    if "expected_test_error" in th:
        name = {"replace": "replace (linear)", "accumulate": "accumulate (bounded)"}.get(
            cfg.regime, "expected value"
        )
        if cfg.n_real:
            name = "a fresh fit every generation"
        style.theory(fig, x, np.asarray(th["expected_test_error"]) / s2, name, palette.THEORY_EXPECTED)
    if "other_regime_test_error" in th:
        other = "replace" if cfg.regime != "replace" else "accumulate"
        style.theory(
            fig, x, np.asarray(th["other_regime_test_error"]) / s2, other, palette.THEORY_TYPICAL, dash="dot"
        )
    if "gerstgrasser_fixed_design_excess_risk" in th:
        style.theory(
            fig,
            x,
            1 + np.asarray(th["gerstgrasser_fixed_design_excess_risk"]) / s2,
            "Gerstgrasser et al.'s bound",
            palette.THEORY_LIMIT,
            dash="dashdot",
        )
    # The other regime's curve stays in view: the contrast (linear vs bounded) is the point.
    tops = [float(np.max(b.q95)) / s2, 1.0] + [
        float(np.max(th[k])) / s2 for k in ("expected_test_error", "other_regime_test_error") if k in th
    ]
    fig.update_yaxes(range=[0, 1.1 * max(tops)])
    fig.update_layout(height=style.HEIGHT + 60)  # room for a legend of up to six entries
    return fig


def caption(d) -> str:
    cfg = d.config
    one = cfg.dimension / (cfg.sample_size - cfg.dimension - 1)
    if cfg.regime == "replace" and not cfg.n_real:
        return (
            f"Each refit adds its own estimation error, σ² d/(T − d − 1) = {one:.3g} σ², to the last one's, "
            "and nothing removes it: the expected test error grows in a straight line (Dohmatob, Feng & "
            "Kempe 2024). The dotted curve is accumulate's bounded error, for comparison."
        )
    if cfg.regime == "accumulate" and not cfg.n_real:
        return (
            "Fitting on all rows so far divides generation k's new error by about k, so the errors add up "
            "like 1/k²: bounded. Dashed: the exact expectation for a fresh design every generation, "
            "σ² d Σ 1/(k(kT − d − 1)); dash-dot: Gerstgrasser et al.'s fixed-design form, "
            "σ² d/(T − d − 1) Σ 1/k², which bounds it from above. Dotted: replace, for comparison."
        )
    if cfg.n_real:
        return (
            "Real labels pull every fit back towards the true weights: the error settles instead of "
            "growing (no closed form is drawn for a mix of real and synthetic labels)."
        )
    return "accumulate-subsample has no closed form here: the band is the simulation alone."
