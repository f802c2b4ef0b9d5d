"""The Gaussian family's presets from the papers."""

from __future__ import annotations

import dataclasses

from collapse_core.gaussian.config import GaussianConfig
from collapse_core.presets import ALEMOHAMMAD, GERSTGRASSER, KAZDAN, SHUMAILOV, Preset

GILLMAN = (
    "Gillman et al. (2024). Self-Correcting Self-Consuming Loops for Generative Model Training. "
    "ICML 2024. arXiv:2402.07087"
)
FENG = (
    "Feng et al. (2024). Beyond Model Collapse: Scaling Up with Synthesized Data Requires "
    "Verification. arXiv:2406.07515"
)
YI = (
    "Yi et al. (2026), ICLR 2026 (title not checked here): gains from a verifier plateau at the "
    "verifier's own knowledge centre"
)
HE_XU_CHENG = "He, Xu & Cheng (2025). Golden Ratio Weighting Prevents Model Collapse. arXiv:2502.18049"

_G = GaussianConfig(sample_size=100, generations=1000, replicates=200, seed=2023)

PRESETS = (
    Preset(
        name="paper-gaussian",
        family="gaussian",
        title="The paper's Gaussian: 100 samples per generation",
        explanation=(
            "Each generation fits a bell curve to 100 points drawn from the previous generation's "
            "bell curve. Small estimation errors compound: the fitted spread shrinks generation after "
            "generation, and the rare values in the tails are the first to go."
        ),
        citation=SHUMAILOV,
        config=_G,
        label="MLE, replace",
    ),
    Preset(
        name="mle-vs-unbiased",
        family="gaussian",
        title="Unbiased is not enough: the mean holds, the median collapses",
        explanation=(
            "Dividing by n - 1 makes every step's variance estimate right on average, so the expected "
            "variance stays at the truth's. Yet the typical chain still collapses: the average is held "
            "up by a few rare chains whose variance grew, while most shrink towards zero."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_G, estimator="unbiased", generations=2000),
        label="unbiased (n - 1)",
        compare=dataclasses.replace(_G, generations=2000),
        compare_label="MLE (n)",
    ),
    Preset(
        name="keep-10pct-real",
        family="gaussian",
        title="Keeping 10% real data each generation",
        explanation=(
            "If every generation's training set holds 10% fresh real data, the chain no longer drifts "
            "away: the variance settles at a stable level close to the truth's instead of collapsing."
        ),
        citation=SHUMAILOV,
        config=dataclasses.replace(_G, real_fraction=0.1),
        label="10% fresh real data",
        compare=_G,
        compare_label="no real data",
    ),
    Preset(
        name="accumulate",
        family="gaussian",
        title="Accumulate instead of replace",
        explanation=(
            "Keep every earlier generation's data and add the new synthetic data to it, instead of "
            "throwing the old data away. The pool always contains the original real data, so the error "
            "stays bounded: the variance levels off just below the truth's."
        ),
        citation=f"{GERSTGRASSER}; {KAZDAN}",
        config=dataclasses.replace(_G, regime="accumulate"),
        label="accumulate",
        compare=_G,
        compare_label="replace",
    ),
    Preset(
        name="fixed-vs-fresh",
        family="gaussian",
        title="A fixed real set reused vs fresh real data",
        explanation=(
            "Mixing real data in helps, but how much depends on where it comes from. Reusing the same "
            "real sample every generation (the synthetic-augmentation loop) ties every model to that "
            "one sample's quirks; fresh real data each generation keeps the chain close to the truth."
        ),
        citation=ALEMOHAMMAD,
        config=dataclasses.replace(_G, real_fraction=0.2, real_source="fixed", sample_size=20),
        label="fixed real set",
        compare=dataclasses.replace(_G, real_fraction=0.2, real_source="fresh", sample_size=20),
        compare_label="fresh real data",
    ),
    Preset(
        name="golden-ratio-weighting",
        family="gaussian",
        title="Weigh the fresh real data, do not pool it: the golden-ratio weight",
        explanation=(
            "Each generation has 50 fresh real points and 50 points sampled from the previous model. "
            "Pooling them gives the real half a weight of 1/2. Fitting the two halves apart and "
            "giving the real one the weight 1/φ ≈ 0.618 (the golden ratio's reciprocal, the optimum "
            "when both halves are equally large) brings the fitted mean's error down to 0.618 of a "
            "single real sample's, against 0.667 when pooled: the synthetic half still helps, but "
            "its inherited error no longer compounds as much."
        ),
        citation=HE_XU_CHENG,
        config=dataclasses.replace(
            _G, generations=200, real_fraction=0.5, estimator="unbiased", weighting="optimal"
        ),
        label="weight 1/φ on real data",
        compare=dataclasses.replace(_G, generations=200, real_fraction=0.5, estimator="unbiased"),
        compare_label="pooled",
    ),
    Preset(
        name="self-correction",
        family="gaussian",
        title="Self-correction: nudge the synthetic data toward the truth",
        explanation=(
            "Before each generation trains on its synthetic points, every point is moved 5% of the "
            "way to where the map from the current model onto the truth would put it (as if an expert "
            "fixed each sample a little). Without the nudge the paper's chain loses its variance; with "
            "it the expected variance settles at 0.79 of the truth's, the fixed point of the exact "
            "recursion: "
            "a weak correction, applied every generation, is enough to keep the loop stable."
        ),
        citation=GILLMAN,
        config=dataclasses.replace(_G, correction=0.05),
        label="γ = 0.05",
        compare=_G,
        compare_label="no correction",
    ),
    Preset(
        name="biased-verifier",
        family="gaussian",
        title="A verifier keeps the chain where the verifier is, not where the truth is",
        explanation=(
            "Only synthetic points within 2 true SDs of the verifier's centre are trained on, and that "
            "centre sits 1 SD off the truth's mean (a verifier with its own bias). The fitted mean moves "
            "toward the verifier's centre within a few generations and stays near it (median drift about "
            "0.5 SD after 50 generations, against 0.06 without a verifier): what the verifier knows "
            "bounds what the chain can learn. Discarding the tails also narrows the fitted spread faster "
            "than the plain chain (median variance 0.10 of the truth's after 50 generations, against 0.37)."
        ),
        citation=f"{FENG}; {YI}",
        config=dataclasses.replace(_G, generations=200, verifier_width=2.0, verifier_centre=1.0),
        label="verifier ±2 SD about +1 SD",
        compare=dataclasses.replace(_G, generations=200),
        compare_label="no verifier",
    ),
)
