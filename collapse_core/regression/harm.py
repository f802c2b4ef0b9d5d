"""Direction of harm per metric of the regression (what the lead-time table ranks): "up" when the
metric grows as the model degrades, "down" when it shrinks, "either" when any move away is harm;
"tail"/"minority" marks the metrics that watch the rare parts, "distance" the distances to the
truth. Counters and diagnostics are left out."""

from __future__ import annotations

from collapse_core.lead_times import down, up

HARM = {
    "test_error": up(),
    "excess_risk": up("distance"),
    "excess_risk_ratio": up("distance"),
    "weight_error": up("distance"),
    "weight_cosine": down(),
    "majority_error": up(),
    "minority_error": up("minority"),
}
