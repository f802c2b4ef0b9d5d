"""The closed forms behind the vocabulary page's theory curves (Wright-Fisher drift), with their
values at a config: the lecturer's "Theory as numbers" panel. Every value a curve draws is read
off theory(cfg), the function the curves come from, at the last generation."""

from __future__ import annotations

import math

import numpy as np

from collapse_core.categorical.config import CategoricalConfig
from collapse_core.categorical.theory import theory
from collapse_core.categorical.truth import truth_probabilities
from collapse_core.family import Formula


def noun(cfg: CategoricalConfig) -> str:
    """What the categories are called in sentences and axis titles."""
    return "labels" if cfg.data else "words" if cfg.truth == "english" else "categories"


def fresh_words(cfg: CategoricalConfig) -> str:
    """What the no-recursion baseline is, in words (training-set size per regime)."""
    m = cfg.sample_size
    if cfg.regime == "accumulate":
        return f"a fresh sample from the true vocabulary as large as the training set ({m:,} tokens per generation)"
    return f"a fresh sample of {m:,} tokens from the true vocabulary"


def formulas(cfg: CategoricalConfig) -> list[Formula]:
    th = theory(cfg)
    m, g = cfg.sample_size, cfg.generations
    p0 = truth_probabilities(cfg)
    h0 = 1.0 - float(p0 @ p0)
    drift = cfg.regime == "replace" and cfg.n_real == 0 and cfg.smoothing == 0
    out = [
        Formula(
            "The truth's heterozygosity: the chance that two words drawn from it differ",
            r"H_0 = 1 - \sum_k p_k^2",
            h0,
        )
    ]
    fresh = th.get("fresh_sample_surviving")
    if fresh is not None:
        n = r"N_G = M G" if cfg.regime == "accumulate" else "N = M"
        out.append(
            Formula(
                f"No recursion: {noun(cfg)} expected in {fresh_words(cfg)} ({n}); a word of probability p_k is "
                "missed with probability (1 - p_k)^N",
                r"\mathbb{E}[S^{\text{fresh}}] = \sum_k \Big(1 - (1 - p_k)^{N}\Big)",
                float(np.asarray(fresh)[-1]),
            )
        )
    if cfg.decodes:
        out.append(
            Formula(
                "With temperature, top-k or top-p on, each model is a nonlinear function of the one before, so "
                "the drift formulas (expected heterozygosity, surviving words, takeover) do not apply and are "
                "left out; the truth's and the fresh sample's values still hold. Synthetic tokens are drawn from "
                "q_k proportional to p_k^(1/T), then cut to the top-k and the top-p nucleus; the temperature",
                "T",
                cfg.temperature,
            )
        )
        return out
    h = th["expected_heterozygosity"]
    if drift:
        out.append(
            Formula(
                f"Expected heterozygosity after G = {g:,} generations (replace, no real text, plain counting: "
                "Wright-Fisher drift loses 1/M of it per generation)",
                rf"\mathbb{{E}}[H_G] = H_0\left(1-\frac{{1}}{{M}}\right)^G = H_0\left(1-\frac{{1}}{{{m:,}}}\right)^{{{g:,}}}".replace(
                    ",", "{,}"
                ),
                float(h[-1]),
            )
        )
        out.append(
            Formula(
                "Generations until half of the heterozygosity is expected to be gone",
                r"t_{1/2} = \frac{\ln 2}{-\ln(1 - 1/M)} \approx 0.693\,M",
                math.log(2) / -math.log1p(-1 / m),
            )
        )
        out.append(
            Formula(
                "Chance that the most common word eventually takes over every token (the count is a "
                "martingale: a word fixes with the probability it starts with)",
                r"P(\text{word 1 fixes}) = p_1",
                float(th["fixation_probability_rank1"]),
            )
        )
        surviving = th.get("expected_surviving")
        if surviving is not None:
            method = th.get("expected_surviving_method")
            out.append(
                Formula(
                    f"Expected {noun(cfg)} still in use after G generations ("
                    + (
                        "exact: powers of the Wright-Fisher transition matrix"
                        if method == "exact"
                        else "branching limit, accurate for the rare ones: q_0 = 0, q_i = e^{q_{i-1}-1}"
                    )
                    + ")",
                    (
                        r"\mathbb{E}[S_G] = \sum_k P\big(X^{(k)}_G > 0\big)"
                        if method == "exact"
                        else r"\mathbb{E}[S_G] \approx \sum_k \Big(1 - e^{-M p_k (1 - q_{G-1})}\Big)"
                    ),
                    float(np.asarray(surviving)[-1]),
                )
            )
    else:
        out.append(
            Formula(
                f"Expected heterozygosity after G = {g:,} generations (exact moment recursion for these "
                "settings: real text, smoothing or a kept pool slow the loss)",
                r"\mathbb{E}[H_G]",
                float(h[-1]),
            )
        )
    return out
