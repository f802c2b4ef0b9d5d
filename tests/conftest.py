"""Shared fixtures: AppTest runs and chart decoding, and the real-browser set-up.

Browser tests drive Debian's chromium through pytest-playwright (never a downloaded browser).
Without chromium they are skipped with the reason, except under CI=true, where they fail:
CI must not pass by silently skipping the one end-to-end check.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from busy_loops import (  # noqa: F401  (`--busy-loops N`, for make test-under-load)
    pytest_addoption,
    pytest_configure,
    pytest_report_header,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
from streamlit.testing.v1 import AppTest

from collapse_ui.exporting import renderer

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
GAUSSIAN_PAGE = "pages/gaussian.py"


# ---------------------------------------------------------------- layers


def pytest_collection_modifyitems(items):
    """Tests that drive the app through AppTest get the `app` marker, so the fast layer
    (`make check`: not slow, browser, export or app, except the smoke test) can leave them out."""
    for item in items:
        module = getattr(item, "module", None)
        if (module is not None and getattr(module, "AppTest", None) is not None) or "app" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.app)


# ---------------------------------------------------------------- AppTest


@pytest.fixture
def app() -> AppTest:
    """The whole app (router + default page), not yet run: set query params first if needed.
    The first run in a process pays the numpy/scipy/plotly imports, hence the long timeout."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def decode(obj):
    """A Plotly JSON spec with numpy arrays in plotly>=6's {"dtype", "bdata"} form -> plain lists."""
    if isinstance(obj, dict):
        if set(obj) >= {"dtype", "bdata"}:
            return np.frombuffer(base64.b64decode(obj["bdata"]), obj["dtype"]).tolist()
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    return obj


def charts(at: AppTest) -> list[dict]:
    """Every Plotly chart on the page, decoded: [{"data": [...], "layout": {...}}, ...]."""
    return [decode(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


@pytest.fixture
def chart_specs():
    return charts


# ---------------------------------------------------------------- browser

# One lookup for the browser tests and the export renderer (BROWSER_PATH, CHROMIUM_PATH, PATH).
CHROMIUM = renderer.chromium_path()
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> str:
    if CHROMIUM is not None:
        return CHROMIUM
    reason = "chromium not found (apt-get install chromium, or set CHROMIUM_PATH or BROWSER_PATH)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true: browser tests must run in CI, not be skipped")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at Debian's chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": require_chromium(),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(command: tuple[str, ...] = ("-m", "collapse_ui.serve"), address: str = "127.0.0.1"):
    """The app as `make run` serves it (collapse_ui.serve; or `command`, e.g. a plain
    `-m streamlit run app.py`) on a free port of `address` (loopback unless told); yields its
    base URL."""
    require_chromium()  # no server without a browser to point at it
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            *command,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            address,
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://{address}:{port}"
    try:
        deadline = time.monotonic() + 120  # the preload comes first (5 s quiet, more under load)
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url():
    """One server for the whole session."""
    with serve_app() as url:
        yield url


@pytest.fixture
def fresh_app_url():
    """A server of its own, so the test's request is the first one it ever serves."""
    with serve_app() as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# ---------------------------------------------------------------- page test helpers


def page_opener(script: str):
    """open_page(app, **query) for one page script: the link's settings, then the page."""

    def open_page(app: AppTest, **query: str) -> AppTest:
        app.switch_page(script)
        for name, value in query.items():
            app.query_params[name] = value
        return app.run()

    return open_page


def trace_names(spec: dict) -> list[str]:
    """The trace names of one decoded chart (see `charts`)."""
    return [t.get("name", "") for t in spec["data"]]
