"""The KDE and regression pages in a real browser (Debian's chromium via Playwright; fixtures in
conftest): the charts are drawn, and screenshots are saved to look at."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

from collapse_ui.families.kde.figures import density as kde_density
from collapse_ui.families.regression.figures import error as regression_error

pytestmark = pytest.mark.browser


def test_kde_page_draws_density_and_variance_against_theory(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 3200})
    page.goto(f"{app_url}/kde?truth_shape=mixture&bandwidth_rule=silverman&generations=20&seed=3")
    expect(page.locator(".js-plotly-plot")).to_have_count(
        5, timeout=TIMEOUT
    )  # a cold first page on a loaded machine
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=kde_density.TITLE)).to_have_count(1)
    expect(page.get_by_test_id("stMetric")).to_have_count(4)
    assert "truth_shape=mixture" in page.url
    page.screenshot(path=str(artifacts / "browser_kde_mixture_silverman.png"), full_page=True)


def test_regression_page_draws_test_error_with_theory(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 2400})
    page.goto(f"{app_url}/regression?regime=accumulate&seed=3")
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=regression_error.TITLE)).to_have_count(1)
    expect(page.get_by_test_id("stMetric")).to_have_count(4)
    page.screenshot(path=str(artifacts / "browser_regression_accumulate.png"), full_page=True)
