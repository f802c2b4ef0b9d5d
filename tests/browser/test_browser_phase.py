"""The Phase diagram page in a real browser: three charts drawn, a screenshot to look at."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_phase_page_draws_heatmap_threshold_and_provenance(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 2600})
    page.goto(f"{app_url}/phase_diagram?generations=100&replicates=50&sizes=6&shares=9&seed=3")
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text="How much real data is enough?")).to_have_count(1)
    expect(page.get_by_text("At sample size", exact=False).first).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)  # a deep link on a fresh server
    page.screenshot(path=str(artifacts / "browser_phase.png"), full_page=True)
