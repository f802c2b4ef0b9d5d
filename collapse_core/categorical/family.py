"""The categorical family as the registry sees it."""

from __future__ import annotations

from collapse_core import decoding
from collapse_core.categorical import budget, presets, simulate
from collapse_core.categorical.config import MAX_CATEGORIES, MAX_ENGLISH_CATEGORIES, TRUTHS, CategoricalConfig
from collapse_core.categorical.formulas import formulas
from collapse_core.categorical.harm import HARM
from collapse_core.categorical.metrics import METRICS, summary
from collapse_core.categorical.theory import theory
from collapse_core.family import Family, Option

FAMILY = Family(
    name="categorical",
    title="categorical distribution (a vocabulary)",
    config=CategoricalConfig,
    run=simulate.run,
    engines=simulate.ENGINES,
    choose_engine=simulate.choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    formulas=formulas,
    metrics=dict(METRICS),
    options=(
        Option(
            "--truth",
            "truth",
            str,
            "zipf: p_k ~ k^-s; uniform: 1/K; english: the K most frequent "
            "English words, wordfreq frequencies",
            choices=TRUTHS,
        ),
        Option(
            "--categories",
            "categories",
            int,
            f"categories (words), 2 to {MAX_CATEGORIES}, english to {MAX_ENGLISH_CATEGORIES}",
            metavar="K",
        ),
        Option(
            "--zipf-exponent", "zipf_exponent", float, "Zipf exponent, 0 to 10, truth zipf only", metavar="s"
        ),
        Option(
            "--zipf-offset",
            "zipf_offset",
            float,
            "Zipf-Mandelbrot offset b: p_k ~ (k + b)^-s, 0 to 1000, truth zipf only (0 is Zipf's law)",
            metavar="b",
        ),
        Option(
            "--smoothing",
            "smoothing",
            float,
            "add-alpha smoothing of the fitted frequencies; 0 = maximum likelihood",
            metavar="alpha",
        ),
        *decoding.options(),
    ),
    presets=presets.PRESETS,
    summary=summary,
    describe="A vocabulary re-estimated from its own tokens (Wright-Fisher drift; temperature, top-k, top-p).",
    harm=HARM,
)
