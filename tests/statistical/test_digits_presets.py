"""The digits presets tell the stories their titles claim (medians at the last generation, same
seed on both sides)."""

import numpy as np
import pytest

from collapse_core import presets, simulate


def _last(cfg, metric):
    return float(np.median(simulate(cfg).metric(metric)[:, -1]))


@pytest.mark.slow  # four full-size preset runs
def test_blur_and_what_holds_it():
    p = presets.get("digits-blur")
    assert _last(p.config, "pixel_variance") < 0.9 * _last(p.compare, "pixel_variance")
    assert _last(p.config, "styles") < 0.7 * _last(p.compare, "styles")
    acc = presets.get("digits-accumulate")
    assert _last(acc.config, "frechet_pca") < 0.2 * _last(acc.compare, "frechet_pca")


@pytest.mark.slow
def test_fresh_real_beats_fixed_real():
    p = presets.get("digits-fresh-real")
    assert _last(p.config, "frechet_pca") < _last(p.compare, "frechet_pca")
    assert _last(p.config, "styles") > _last(p.compare, "styles")


def test_whole_digits_disappear_with_a_refitted_prior():
    p = presets.get("digits-class-drift")
    assert _last(p.config, "classes_alive") < 10
    assert _last(p.compare, "classes_alive") == 10
