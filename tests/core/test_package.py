"""The project as a researcher installs it: the wheel built from this checkout, installed into a
fresh virtual environment, used from a folder outside the checkout.

- core only (`pip install model-collapse-explorer`): numpy and scipy come along, nothing of the
  app; a Gaussian chain runs, the `collapse` command writes JSON, and neither streamlit nor
  plotly is importable or imported;
- with the `app` extra: `collapse-explorer` serves the dashboard, and a websocket session gets a
  page with a chart and no exception.

The two installs are slow (a virtual environment and a few hundred MB of packages from the registry or pip's cache).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from bench import load

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd: list, **kw) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert out.returncode == 0, f"{cmd[:4]} exited {out.returncode}: {out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    # No build isolation: hatchling comes from the dev requirements, so the build needs no download.
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)])
    (whl,) = dist.glob("*.whl")
    return whl


def _venv(where: Path) -> Path:
    _run([sys.executable, "-m", "venv", str(where)])
    return where / "bin"


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.mark.slow
def test_core_alone_installs_and_runs_outside_the_checkout(wheel, tmp_path):
    bin_ = _venv(tmp_path / "venv")
    env = _clean_env()
    _run([bin_ / "python", "-m", "pip", "install", "-q", str(wheel)], env=env)
    away = tmp_path / "elsewhere"
    away.mkdir()
    code = (
        "import importlib.util, sys, collapse_core as c\n"
        "res = c.simulate(c.GaussianConfig(sample_size=50, generations=20, replicates=100, seed=3))\n"
        "assert res.metric('variance_ratio').shape == (100, 21)\n"
        "assert all(hasattr(c, n) for n in ('KDEConfig', 'MixtureConfig', 'MultivariateConfig',"
        " 'RegressionConfig', 'CategoricalConfig', 'TextConfig', 'DigitsConfig'))\n"
        "assert 'streamlit' not in sys.modules and 'plotly' not in sys.modules\n"
        "assert importlib.util.find_spec('streamlit') is None and importlib.util.find_spec('plotly') is None\n"
        "print(c.__file__)\n"
    )
    out = _run([bin_ / "python", "-c", code], cwd=away, env=env)
    assert str(ROOT) not in out.stdout and "site-packages" in out.stdout  # the installed copy ran
    _run(
        [
            bin_ / "collapse",
            "simulate",
            "--family",
            "gaussian",
            "--generations",
            "10",
            "--replicates",
            "20",
            "--seed",
            "1",
            "--out",
            "run.json",
        ],
        cwd=away,
        env=env,
    )
    doc = json.loads((away / "run.json").read_text())
    assert doc["provenance"]["package"] == "model-collapse-explorer" and doc["seed"] == 1
    assert len(doc["summary"]["variance_ratio"]["median"]) == 11
    # the recorded configuration reruns to the same bytes
    _run([bin_ / "collapse", "simulate", "--from", "run.json", "--out", "again.json"], cwd=away, env=env)
    assert (away / "again.json").read_bytes() == (away / "run.json").read_bytes()


@pytest.mark.slow
def test_app_extra_serves_the_dashboard_outside_the_checkout(wheel, tmp_path):
    bin_ = _venv(tmp_path / "venv")
    env = _clean_env()
    _run([bin_ / "python", "-m", "pip", "install", "-q", f"{wheel}[app]"], env=env, timeout=1200)
    away = tmp_path / "elsewhere"
    away.mkdir()
    port = load.free_port()
    env["COLLAPSE_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.Popen(
        [
            bin_ / "collapse-explorer",
            "--no-preload",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=away,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        load.wait_healthy(url, proc, timeout=180)
        session = load.Session(url, query="generations=50&seed=4")
        try:
            first = session.rerun(deadline=time.perf_counter() + 120)
        finally:
            session.close()
        assert first.finished and first.chart, first
        assert first.problems == []
        assert any("Seed 4" in c for c in first.captions)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _names(reqs) -> dict[str, str]:
    """'name[extra]>=a,<b' -> {name: specifier} (extras and markers aside)."""
    out = {}
    for line in reqs:
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        name = line.split(";")[0]
        for i, ch in enumerate(name):
            if ch in "<>=!~[":
                spec = name[i:]
                if spec.startswith("["):
                    spec = spec[spec.index("]") + 1 :]
                out[name[:i].lower()] = spec.strip()
                break
        else:
            out[name.lower()] = ""
    return out


def test_requirements_files_and_the_package_metadata_agree():
    """requirements*.txt (what make installs) and pyproject.toml (what pip install reads) name
    the same packages with the same ranges, so neither drifts from the other."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = meta["optional-dependencies"]
    ours = "model-collapse-explorer"
    runtime = _names(
        meta["dependencies"]
        + [
            r
            for k in ("pandas", "digits", "english", "sweep", "app")
            for r in extras[k]
            if not r.startswith(ours)
        ]
    )
    dev = _names([r for r in extras["dev"] if not r.startswith(ours)])
    req = _names((ROOT / "requirements.txt").read_text().splitlines())
    req_dev = _names((ROOT / "requirements-dev.txt").read_text().splitlines())
    assert req == runtime
    assert {k: v for k, v in req_dev.items() if k not in req} == dev
