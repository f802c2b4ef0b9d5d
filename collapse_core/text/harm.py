"""Direction of harm per metric of the text (what the lead-time table ranks): "up" when the
metric grows as the model degrades, "down" when it shrinks, "either" when any move away is harm;
"tail"/"minority" marks the metrics that watch the rare parts. Counters and diagnostics are left out."""

from __future__ import annotations

from collapse_core.lead_times import down, either, up

HARM = {
    "perplexity": up(),
    "top10_share": up(),
    "entropy": down(),
    "zipf_slope": either(),
    "sentence_length": either(),
    "distinct_words": down("tail"),
    "distinct_ngrams": down("tail"),
    "words_lost": up("tail"),
}
