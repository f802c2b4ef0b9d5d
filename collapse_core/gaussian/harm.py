"""Direction of harm per metric of the bell curve (what the lead-time table ranks): "up" when the
metric grows as the model degrades, "down" when it shrinks, "either" when any move away is harm;
"tail"/"minority" marks the metrics that watch the rare parts, "distance" the distances to the
truth. Counters and diagnostics are left out."""

from __future__ import annotations

from collapse_core.lead_times import down, up

HARM = {
    "variance_ratio": down(),
    "wasserstein2": up("distance"),
    "kl_divergence": up("distance"),
    "collapsed": up(),
    "sd_above_epsilon": down(),
    "tail_mass_2sigma": down("tail"),
    "tail_mass_3sigma": down("tail"),
    "tail_mass_4sigma": down("tail"),
    "tail_ratio_2sigma": down("tail"),
    "tail_ratio_3sigma": down("tail"),
    "tail_ratio_4sigma": down("tail"),
}
