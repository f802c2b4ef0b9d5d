"""Direction of harm per metric of the digits (what the lead-time table ranks): "up" when the
metric grows as the model degrades, "down" when it shrinks, "either" when any move away is harm;
"tail"/"minority" marks the metrics that watch the rare parts, "distance" the distances to the
truth. Counters and diagnostics are left out."""

from __future__ import annotations

from collapse_core.lead_times import down, up

HARM = {
    "pixel_variance": down(),
    "diversity": down(),
    "recognisable": down(),
    "frechet_pca": up("distance"),
    "within_class_variance": down(),
    "styles": down("tail"),
    "styles_occupied": down("tail"),
    "class_tv": up("minority"),
    "class_heterozygosity": down("minority"),
    "classes_alive": down("minority"),
}
