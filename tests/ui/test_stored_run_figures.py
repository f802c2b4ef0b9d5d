"""A heavy run stored by one process is found by a fresh process, whose page figures are
identical to those of the run computed directly."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from collapse_core import BATCH, simulate
from collapse_ui import registry

ROOT = Path(__file__).resolve().parents[2]
VALUES = {"sample_size": 100, "generations": 12, "replicates": 300, "seed": 5}

# Run in a fresh interpreter: `store` runs the split run and stores it; `figures` reads it back
# (no run: a miss prints MISS) and prints a hash of the page's figures.
SCRIPT = """
import hashlib, json, sys
from collapse_core import blocks, result_store
from collapse_ui import registry
spec = registry.get("mixture")
values = {**spec.defaults(), **json.loads(sys.argv[2])}
cfg = spec.config_from(values)
store = result_store.ResultStore()
if sys.argv[1] == "store":
    store.put(blocks.simulate_split(cfg, blocks_per_task=1))
    print("STORED")
else:
    res = store.get(cfg, blocks.plan(cfg).engine)
    if res is None:
        print("MISS")
    else:
        figs = [fig.to_json() for _, fig, _ in spec.charts(spec.digest(res), values)]
        print(hashlib.sha256("".join(figs).encode()).hexdigest(), len(figs))
"""


def _fresh(mode: str, data_dir: Path) -> str:
    env = {**os.environ, "COLLAPSE_DATA_DIR": str(data_dir)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, json.dumps(VALUES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def test_fresh_process_finds_the_stored_run_and_draws_the_same_figures(tmp_path):
    assert _fresh("figures", tmp_path) == "MISS"
    assert _fresh("store", tmp_path) == "STORED"
    assert any((tmp_path / "results").glob("*.npz"))
    digest, count = _fresh("figures", tmp_path).split()
    spec = registry.get("mixture")
    values = {**spec.defaults(), **VALUES}
    direct = simulate(spec.config_from(values), budget=BATCH)  # one process, not split
    figs = [fig.to_json() for _, fig, _ in spec.charts(spec.digest(direct), values)]
    assert int(count) == len(figs) > 0
    assert digest == hashlib.sha256("".join(figs).encode()).hexdigest()
