"""The text family as the registry sees it."""

from __future__ import annotations

from collapse_core import decoding
from collapse_core.family import Family, Option
from collapse_core.text import budget, presets, simulate
from collapse_core.text.config import MAX_ORDER, TextConfig
from collapse_core.text.corpus import DEFAULT, DEFAULT_SOURCE
from collapse_core.text.harm import HARM
from collapse_core.text.metrics import METRICS
from collapse_core.text.theory import theory

FAMILY = Family(
    name="text",
    title="word n-gram language model",
    config=TextConfig,
    run=simulate.run,
    engines=simulate.ENGINES,
    choose_engine=simulate.choose_engine,
    check_budget=budget.check,
    cost=budget.predict,
    theory=theory,
    metrics=dict(METRICS),
    options=(
        Option(
            "--corpus",
            "corpus",
            str,
            f"{DEFAULT}: {DEFAULT_SOURCE}; uploaded texts exist only in the app",
            metavar="NAME",
        ),
        Option("--order", "order", int, f"n of the word n-gram model, 1 to {MAX_ORDER}", metavar="n"),
        Option(
            "--smoothing",
            "smoothing",
            float,
            "add-k smoothing of the n-gram counts; 0 = maximum likelihood",
            metavar="k",
        ),
        *decoding.options(),
    ),
    presets=presets.PRESETS,
    describe="A word n-gram model of real text, retrained on text it wrote itself (temperature, top-k, top-p).",
    harm=HARM,
)
