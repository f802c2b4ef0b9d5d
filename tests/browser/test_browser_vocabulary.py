"""The vocabulary page in a real browser (Debian's chromium via Playwright; fixtures in conftest).

Opens the page with the English truth from a shared link, waits for the rerun to finish, checks
that the four charts and the vanished-words table are drawn, and saves screenshots to look at.
"""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

from collapse_ui.families.categorical.figures import rank as vocab_rank
from collapse_ui.families.categorical.figures import surviving as vocab_surviving

pytestmark = pytest.mark.browser


def test_english_vocabulary_page_draws_charts_and_the_word_table(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 2400})
    page.goto(f"{app_url}/vocabulary?truth=english&categories=2000&seed=3")
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=vocab_surviving.TITLE)).to_have_count(1)
    expect(page.locator(".gtitle", has_text=vocab_rank.TITLE)).to_have_count(1)
    expect(page.get_by_role("heading", name="The words that vanished")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
    expect(page.get_by_test_id("stMetric")).to_have_count(4)
    assert "truth=english" in page.url and "categories=2000" in page.url
    page.screenshot(path=str(artifacts / "browser_vocabulary_english.png"), full_page=True)
    page.get_by_test_id("stDataFrame").screenshot(path=str(artifacts / "browser_vocabulary_words_table.png"))


def test_fresh_real_data_brings_words_back_in_the_browser(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 1800})
    page.goto(f"{app_url}/vocabulary?real_fraction=0.10&generations=60")
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=TIMEOUT)
    wait_idle(page)
    back = page.get_by_test_id("stMetric").filter(has_text="Brought back")
    assert int(back.get_by_test_id("stMetricValue").inner_text().replace(",", "")) > 0
    page.screenshot(path=str(artifacts / "browser_vocabulary_fresh_real_data.png"), full_page=True)
