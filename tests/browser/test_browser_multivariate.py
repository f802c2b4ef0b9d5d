"""The multivariate Gaussian page in a real browser (Debian's chromium via Playwright; fixtures in
conftest): the 2-D ellipse preset's settings from a shared link, and a 20-dimensional spectrum;
screenshots saved to look at."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

from collapse_ui.families.multivariate.figures import ellipse as mvn_ellipse
from collapse_ui.families.multivariate.figures import spectrum as mvn_spectrum

pytestmark = pytest.mark.browser
N_CHARTS = 6


def test_ellipse_page_draws_every_chart(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 3600})
    page.goto(
        f"{app_url}/multivariate?dimension=2&condition_number=4&rotation=30&sample_size=20"
        "&generations=100&replicates=200&seed=2023"
    )
    expect(page.locator(".js-plotly-plot")).to_have_count(N_CHARTS, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=mvn_ellipse.TITLE)).to_have_count(1)
    expect(page.get_by_test_id("stMetric")).to_have_count(4)
    assert "sample_size=20" in page.url and "rotation=30" in page.url
    page.screenshot(path=str(artifacts / "browser_multivariate_ellipse.png"), full_page=True)
    page.locator(".js-plotly-plot").first.screenshot(
        path=str(artifacts / "browser_multivariate_ellipse_chart.png")
    )


def test_spectrum_collapse_in_twenty_dimensions(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 3600})
    # Small enough to draw well within the timeout on a loaded 2-core machine.
    page.goto(
        f"{app_url}/multivariate?dimension=20&condition_number=1&sample_size=100&generations=60"
        "&replicates=50&seed=2023"
    )
    expect(page.locator(".js-plotly-plot")).to_have_count(N_CHARTS, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=mvn_spectrum.TITLE)).to_have_count(1)
    page.screenshot(path=str(artifacts / "browser_multivariate_spectrum.png"), full_page=True)
    page.locator(".js-plotly-plot").nth(1).screenshot(
        path=str(artifacts / "browser_multivariate_spectrum_chart.png")
    )
