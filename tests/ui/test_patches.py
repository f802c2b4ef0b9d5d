"""collapse_ui/patches.py: every patch of Streamlit and Plotly is installed there, explicitly,
once; importing the package installs none of them; COLLAPSE_NO_PATCHES=1 turns all off."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from collapse_ui import patches
from collapse_ui.figures import sendable

ROOT = Path(__file__).resolve().parents[2]


def python(code: str, **env: str) -> str:
    import os

    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_importing_the_ui_patches_nothing():
    """Only the launcher and app.py install: an import (the export command line, a notebook)
    leaves Plotly as shipped."""
    code = (
        "import plotly.io as pio, collapse_ui.figures.sendable as s, collapse_ui.chart, collapse_ui.registry\n"
        "print(hasattr(pio.to_json, 'original'), s.MEMOS)"
    )
    assert python(code) == "False False"


def test_install_is_idempotent():
    patches.install()
    wrapped = pio.to_json
    assert patches.install() == []
    assert pio.to_json is wrapped and not hasattr(wrapped.original, "original")  # wrapped once
    assert sendable.MEMOS


def test_the_switch_turns_every_patch_off():
    code = (
        "import plotly.io as pio, plotly.graph_objects as go\n"
        "from collapse_ui import patches\nfrom collapse_ui.figures import sendable\n"
        "fig = go.Figure()\n"
        "print(patches.install(static_folder={static}), hasattr(pio.to_json, 'original'), "
        "sendable.prepared(fig) is fig)"
    )
    assert python(code.format(static=True), COLLAPSE_NO_PATCHES="1") == "[] False True"
    assert python(code.format(static=False), COLLAPSE_NO_PATCHES="0") == (
        "['plotly.io.to_json', 'figure memos', 'legacy pages mode'] True False"
    )


def test_legacy_pages_mode_stays_off_for_every_session(monkeypatch, tmp_path):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)  # a fresh server: not decided yet
    patches.install()
    assert PagesManager.uses_pages_directory is False  # so the first session cannot turn it on
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text("")
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)  # as AppTest resets it each run
    PagesManager(str(tmp_path / "app.py"), setup_watcher=False)  # its folder has pages/
    assert PagesManager.uses_pages_directory is False
    assert not hasattr(PagesManager.__init__.original, "original")  # wrapped once


@pytest.mark.parametrize(
    ("switch", "legacy", "reran"), [("", True, True), ("", False, False), ("1", True, False)]
)
def test_a_page_script_in_legacy_mode_goes_back_to_the_router(monkeypatch, switch, legacy, reran):
    calls = []
    monkeypatch.setenv("COLLAPSE_NO_PATCHES", switch)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", legacy)
    monkeypatch.setattr(st, "rerun", lambda: calls.append(1))
    patches.keep_router()
    assert calls == ([1] if reran else [])
    assert PagesManager.uses_pages_directory is (legacy and not reran)


def test_prepared_figures_are_memos_only_when_installed(monkeypatch):
    fig = go.Figure()
    monkeypatch.setattr(sendable, "MEMOS", False)
    assert sendable.prepared(fig) is fig
    monkeypatch.setattr(sendable, "MEMOS", True)
    assert isinstance(sendable.prepared(fig), sendable.Prepared)
