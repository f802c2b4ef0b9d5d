"""The theory panel in a real browser: closed on arrival (no formula is rendered, so the page
does not wait for the formula renderer), and opening it draws the closed forms."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_opening_the_theory_panel_draws_its_formulas(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{app_url}/gaussian?sample_size=100&generations=100&replicates=20&seed=4")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".katex")).to_have_count(0)
    page.get_by_text("Theory as numbers: the closed forms behind the curves").click()
    expect(page.locator(".katex").first).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    assert page.locator(".katex").count() >= 2
    expect(page.get_by_text("0.366").first).to_be_visible()
    page.screenshot(path=str(artifacts / "browser_theory_panel_open.png"), full_page=True)
