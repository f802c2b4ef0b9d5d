"""The preset registry: every preset is complete, runs, and tells the story its title claims."""

import numpy as np
import pytest

from collapse_core import presets, simulate

NAMES = sorted(presets.PRESETS)


@pytest.mark.parametrize("name", NAMES)
def test_preset_is_complete_and_runs(name):
    p = presets.get(name)
    assert p.title and len(p.explanation) > 80 and p.citation
    assert p.config.seed is not None  # a preset is one exact picture
    res = simulate(p.config)
    # A never-floored metric of each family; a family not listed here: its first metric.
    metric = {"gaussian": "log_variance_ratio", "categorical": "entropy", "multivariate": "logdet_ratio"}.get(
        p.family, res.metric_names[0]
    )
    assert np.isfinite(res.metric(metric)).all()
    if p.compare is not None:
        assert p.compare.seed == p.config.seed and p.compare != p.config and p.compare_label


def test_unknown_preset_names_the_known_ones():
    with pytest.raises(ValueError, match="unknown preset 'nope'; known presets: paper-gaussian"):
        presets.get("nope")


def test_register_refuses_duplicates():
    with pytest.raises(ValueError, match="already registered"):
        presets.register(presets.get("accumulate"))


def _final_median(cfg):
    return float(np.median(simulate(cfg).metric("variance_ratio")[:, -1]))


def test_the_stories_hold():
    """Each contrast shows what its explanation says (medians at the last generation)."""
    paper = presets.get("paper-gaussian")
    assert _final_median(paper.config) < 0.01
    unb = presets.get("mle-vs-unbiased")
    assert np.mean(simulate(unb.config).metric("variance_ratio")[:, -1]) > 100 * _final_median(unb.config)
    assert _final_median(presets.get("keep-10pct-real").config) > 0.5
    assert _final_median(presets.get("accumulate").config) > 0.9
    fx = presets.get("fixed-vs-fresh")
    fixed_err = np.median(simulate(fx.config).metric("wasserstein2")[:, -1])
    fresh_err = np.median(simulate(fx.compare).metric("wasserstein2")[:, -1])
    assert fresh_err < fixed_err
