"""The core's claim about its dependencies, checked: with every optional package hidden
(scikit-learn, wordfreq, dask, pandas, pyarrow, tqdm, streamlit, plotly), `collapse_core`
imports, and every family that needs none of them runs a short chain through simulate() and
the command line. The families that need one say which, by name, when asked to run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

OPTIONAL = (
    "sklearn",
    "wordfreq",
    "dask",
    "distributed",
    "pandas",
    "pyarrow",
    "tqdm",
    "threadpoolctl",
    "streamlit",
    "plotly",
)

SCRIPT = f"""
import importlib.abc, sys
HIDDEN = {OPTIONAL!r}

class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {{name!r}} (hidden by the test)", name=name)
        return None

sys.meta_path.insert(0, Hide())
import collapse_core as c
from collapse_core import cli

small = dict(generations=3, replicates=4, seed=1)
needs_none = {{
    "gaussian": c.GaussianConfig(sample_size=20, **small),
    "categorical": c.CategoricalConfig(sample_size=200, categories=50, **small),
    "text": c.TextConfig(sample_size=300, **small),
    "multivariate": c.MultivariateConfig(sample_size=20, **small),
    "mixture": c.MixtureConfig(sample_size=60, **small),
    "kde": c.KDEConfig(sample_size=20, **small),
    "regression": c.RegressionConfig(sample_size=30, **small),
}}
assert set(needs_none) | {{"digits"}} == set(c.families.names()), c.families.names()
for name, cfg in needs_none.items():
    res = c.simulate(cfg)
    assert res.metric(res.metric_names[0]).shape == (4, 4), name
    assert cli.main(["simulate", "--family", name, "--generations", "2", "--replicates", "2",
                     "--seed", "1", "--sample-size", "40", "--out", "/tmp/.collapse-dep-check.json"]) == 0
try:
    c.simulate(c.DigitsConfig(**small))
except ModuleNotFoundError as exc:
    assert "scikit-learn" in str(exc) and "[digits]" in str(exc), exc
else:
    raise AssertionError("digits ran without scikit-learn")
try:
    c.simulate(c.CategoricalConfig(truth="english", sample_size=200, categories=50, **small))
except ModuleNotFoundError as exc:
    assert "wordfreq" in str(exc) and "[english]" in str(exc), exc
else:
    raise AssertionError("the English truth ran without wordfreq")
assert cli.main(["simulate", "--family", "digits", "--generations", "2", "--replicates", "2"]) == 1
res = c.simulate(c.GaussianConfig(**small))
try:
    res.to_frame()
except ModuleNotFoundError as exc:
    assert "[pandas]" in str(exc), exc
else:
    raise AssertionError("to_frame ran without pandas")
leaked = sorted(m for m in sys.modules if m.split(".")[0] in HIDDEN)
assert not leaked, leaked
print("ok")
"""


def test_core_runs_every_family_without_the_optional_packages(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.replace("/tmp/.collapse-dep-check.json", str(tmp_path / "run.json"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().endswith("ok")
