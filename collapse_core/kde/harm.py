"""Direction of harm per metric of the kernel density (what the lead-time table ranks): "up" when the
metric grows as the model degrades, "down" when it shrinks, "either" when any move away is harm;
"tail"/"minority" marks the metrics that watch the rare parts, "distance" the distances to the
truth. Counters and diagnostics are left out."""

from __future__ import annotations

from collapse_core.lead_times import either, up

HARM = {
    "variance_ratio": up(),
    "variance": up(),
    "wasserstein2": up("distance"),
    "tail_mass_2sd": either("tail"),
    "tail_mass_3sd": either("tail"),
    "tail_ratio_2sd": either("tail"),
    "tail_ratio_3sd": either("tail"),
}
