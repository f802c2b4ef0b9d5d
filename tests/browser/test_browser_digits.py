"""The digits page in a real browser (Debian's chromium via Playwright; fixtures in conftest):
the sample grid and the metric charts are drawn; screenshots saved to look at."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

from collapse_ui.families.digits.figures import grid as digits_grid
from collapse_ui.families.digits.figures import metrics as digits_metrics

pytestmark = pytest.mark.browser
N_CHARTS = 1 + len(digits_metrics.CHARTS)


def test_digits_page_draws_the_grid_and_the_charts(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 2400})
    page.goto(f"{app_url}/digits?seed=3")
    expect(page.locator(".js-plotly-plot")).to_have_count(N_CHARTS, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=digits_grid.TITLE)).to_have_count(1)
    expect(page.get_by_test_id("stMetric")).to_have_count(4)
    assert "seed=3" in page.url
    page.screenshot(path=str(artifacts / "browser_digits.png"), full_page=True)
    page.locator(".js-plotly-plot").first.screenshot(path=str(artifacts / "browser_digits_grid.png"))
