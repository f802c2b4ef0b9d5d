"""Text page charts: one band chart per metric (median and 5-95% of chains, a few chains,
generation 0's real-text level)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from collapse_ui import palette
from collapse_ui.figures import style

if TYPE_CHECKING:
    from collapse_ui.families.text.digest import TextDigest

# metric -> (title, y axis title, log y, caption)
CHARTS = {
    "distinct_words": (
        "Distinct words",
        "distinct words in the training text",
        True,
        "Generation 1 already learns from a sample of the real text, so it starts below the "
        "real text's vocabulary (the dotted line); after that every drop is the recursion.",
    ),
    "top10_share": (
        "The 10 most common words take over",
        "share of the 10 most common words",
        False,
        "Bias amplification: the common words' share of the text grows when the decoding knobs "
        "cut the tail (temperature below 1, top-k, top-p).",
    ),
    "perplexity": (
        "Perplexity on held-out real text",
        "perplexity (lower is better)",
        True,
        "How surprised each generation's fitted model is by real text it never saw: it rises as "
        "the model forgets words and word pairs.",
    ),
    "distinct_ngrams": (
        "Distinct n-grams",
        "distinct n-grams in the training text",
        True,
        "Word sequences of the model's order still in use.",
    ),
    "entropy": (
        "Entropy of the word frequencies",
        "bits",
        False,
        "Lower entropy: a smaller, more predictable vocabulary.",
    ),
    "zipf_slope": (
        "Zipf slope",
        "slope of log frequency vs log rank",
        False,
        "Real text has a slope near −1; a steeper (more negative) slope means the head of the "
        "distribution is taking over.",
    ),
}


def figure(d: TextDigest, metric: str) -> go.Figure:
    title, y_title, log_y, _ = CHARTS[metric]
    x = d.generations
    fig = style.new_figure(title, "generation", y_title, log_y=log_y)
    real = float(d.bands[metric].median[0])
    style.level(fig, x, real, f"real text: {real:,.3g}", palette.TRUTH, width=1.5)
    style.chains(fig, x, d.chains[metric])
    style.band(fig, x, d.bands[metric], palette.SIMULATION, "simulation")
    return fig


def caption(d: TextDigest, metric: str) -> str:
    return CHARTS[metric][3]
