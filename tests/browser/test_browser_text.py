"""The text page in a real browser (Debian's chromium via Playwright; fixtures in conftest):
charts, sample passages side by side, the lost-words table; a screenshot to look at."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

from collapse_ui.families.text.figures import charts as text_charts

pytestmark = pytest.mark.browser


def test_text_page_draws_charts_samples_and_lost_words(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 2400})
    page.goto(f"{app_url}/text?temperature=0.8&seed=4")
    expect(page.locator(".js-plotly-plot")).to_have_count(len(text_charts.CHARTS), timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text="Distinct words")).to_have_count(1)
    expect(page.get_by_role("heading", name="What the model writes")).to_be_visible()
    expect(page.get_by_text("Generation 50", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
    assert "temperature=0.80" in page.url
    page.screenshot(path=str(artifacts / "browser_text.png"), full_page=True)
