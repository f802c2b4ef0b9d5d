"""Chart titles follow the data: a title never says the tails vanish while they hold."""

from __future__ import annotations

from collapse_core import GaussianConfig, simulate
from collapse_ui.families import gaussian


def _titles(**kw):
    cfg = GaussianConfig(sample_size=100, replicates=100, seed=3, **kw)
    d = gaussian.digest_result(simulate(cfg))
    values = {**{p.name: p.default for p in gaussian.PARAMS}, **kw, "show_generation": kw["generations"]}
    return [c.title for c in gaussian.charts(d, values)], d


def test_replace_collapses_and_says_so():
    titles, d = _titles(generations=1000)
    assert d.bands["tail_ratio_3sigma"].median[-1] < 0.5
    assert titles[2].startswith("Rare events vanish")
    assert "narrows" in titles[1]


def test_fresh_real_data_holds_and_says_so():
    titles, d = _titles(generations=300, real_fraction=0.5)
    assert d.bands["tail_ratio_3sigma"].median[-1] > 0.5
    assert titles[2].startswith("Rare events hold on")
    assert "keeps its width" in titles[1] and "stays near the truth" in titles[1]
    assert titles[3] == "The model stays close to the truth"
