"""The mixture page in a real browser (Debian's chromium via Playwright; fixtures in conftest).

Opens the page from shared links (1-D and the paper's 2-D preset settings), waits for the rerun
to finish, checks the five charts and the headlines, and saves screenshots to look at.
"""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

from collapse_ui.families.mixture.figures import modes as mixture_modes
from collapse_ui.families.mixture.figures import picture as mixture_picture

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("query", "picture", "name"),
    [
        ("dimension=1&components=3&generations=100&replicates=50&seed=1", mixture_picture.TITLE_1D, "1d"),
        (
            "dimension=2&components=2&sample_size=100&generations=400&replicates=20&seed=2023",
            mixture_picture.TITLE_2D,
            "2d",
        ),
    ],
    ids=["1d", "2d"],
)
def test_mixture_page_draws_its_charts(page: Page, app_url: str, artifacts, query, picture, name):
    page.set_viewport_size({"width": 1600, "height": 2600})
    page.goto(f"{app_url}/mixture?{query}")
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=mixture_modes.TITLE)).to_have_count(1)
    expect(page.locator(".gtitle", has_text=picture)).to_have_count(1)
    expect(page.get_by_test_id("stMetric")).to_have_count(4)
    assert "dimension=" in page.url
    page.screenshot(path=str(artifacts / f"browser_mixture_{name}.png"), full_page=True)
