"""Direction of harm per metric of the mixture (what the lead-time table ranks): "up" when the
metric grows as the model degrades, "down" when it shrinks, "either" when any move away is harm;
"tail"/"minority" marks the metrics that watch the rare parts, "distance" the distances to the
truth. Counters and diagnostics are left out."""

from __future__ import annotations

from collapse_core.lead_times import down, up

HARM = {
    "max_weight": up(),
    "effective_modes": down(),
    "kl_upper_bound": up("distance"),
    "w2_moment_matched": up("distance"),
    "variance_ratio": down(),
    "min_weight": down("minority"),
    "modes_alive": down("minority"),
    "modes_lost": up("minority"),
    "truth_coverage": down("minority"),
    "minority_weight": down("minority"),
    "minority_share": down("minority"),
    "minority_alive": down("minority"),
    "minority_mean_distance": up("distance"),
    "tail_mass_3sigma": down("tail"),
    "tail_ratio_3sigma": down("tail"),
}
