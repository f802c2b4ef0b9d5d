"""Your own data in a real browser (Debian chromium via Playwright): a `data=<hash>` link draws
the data's chart first, with the column's name and unit; values pasted into the sidebar become
the truth and the URL carries their hash."""

from __future__ import annotations

import re

import pytest
from browser_waits import TIMEOUT, wait_idle
from conftest import serve_app
from playwright.sync_api import Page, expect

from collapse_core.userdata import store

pytestmark = pytest.mark.browser

TITLE = "Your data beside the models fitted to it"


@pytest.fixture
def data_app_url(tmp_path, monkeypatch):
    """A server of its own, its data folder a temporary one this test also writes to."""
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    with serve_app() as url:
        yield url


def test_a_data_link_and_a_paste_in_the_browser(page: Page, data_app_url: str, artifacts):
    h = store.put_values({"height": [150.0, 155, 160, 163, 170, 175, 181, 190, 240]}, "height", "cm")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{data_app_url}/gaussian?generations=20&replicates=100&data={h}")
    expect(page.locator(".gtitle", has_text=TITLE)).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator(".xtitle", has_text="height (cm)")).to_have_count(1, timeout=TIMEOUT)
    expect(page.get_by_text("Engine: monte-carlo").first).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    page.screenshot(path=str(artifacts / "own_data_link.png"))

    page.goto(f"{data_app_url}/gaussian?generations=20&replicates=100")
    wait_idle(page)
    page.get_by_text("Your own data").first.click()
    box = page.get_by_label("…or paste values")
    expect(box).to_be_visible(timeout=TIMEOUT)
    box.fill("12.5, 13.1, 9.8, 11.0, 14.2, 30.5")
    box.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Use this data").click()
    page.wait_for_url(re.compile(r"data=[0-9a-f]{64}"), timeout=TIMEOUT)
    expect(page.locator(".gtitle", has_text=TITLE)).to_have_count(1, timeout=TIMEOUT)
    assert store.get(re.search(r"data=([0-9a-f]{64})", page.url).group(1)).rows == 6
