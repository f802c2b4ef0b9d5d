"""Direction of harm per metric of the vocabulary (what the lead-time table ranks): "up" when the
metric grows as the model degrades, "down" when it shrinks, "either" when any move away is harm;
"tail"/"minority" marks the metrics that watch the rare parts, "distance" the distances to the
truth. Counters and diagnostics are left out."""

from __future__ import annotations

from collapse_core.lead_times import down, up

HARM = {
    "heterozygosity": down(),
    "entropy": down(),
    "tv_distance": up("distance"),
    "kl_divergence": up("distance"),
    "effective_categories": down(),
    "collapsed": up(),
    "surviving": down("tail"),
    "surviving_fraction": down("tail"),
    "extinct": up("tail"),
    "tail_coverage_top10": down("tail"),
    "tail_coverage_top100": down("tail"),
    "tail_mass_top10": down("tail"),
    "tail_mass_top100": down("tail"),
}
