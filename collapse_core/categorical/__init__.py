"""The categorical family: a vocabulary re-estimated from its own samples (genetic drift)."""

from collapse_core.categorical.config import TRUTHS, CategoricalConfig
from collapse_core.categorical.extinction import extinct_words, extinction_table, survival_by_rank
from collapse_core.categorical.metrics import METRICS, TAIL_RANKS
from collapse_core.categorical.simulate import ENGINES, default_snapshot_generations, simulate_categorical
from collapse_core.categorical.theory import (
    alive_probability,
    expected_heterozygosity,
    expected_surviving,
    fixation_probability,
    fresh_sample_surviving,
    theory,
)
from collapse_core.categorical.truth import category_labels, english_words, truth_probabilities

__all__ = [
    "ENGINES",
    "METRICS",
    "TAIL_RANKS",
    "TRUTHS",
    "CategoricalConfig",
    "alive_probability",
    "category_labels",
    "default_snapshot_generations",
    "english_words",
    "expected_heterozygosity",
    "expected_surviving",
    "extinct_words",
    "extinction_table",
    "fixation_probability",
    "fresh_sample_surviving",
    "simulate_categorical",
    "survival_by_rank",
    "theory",
    "truth_probabilities",
]
