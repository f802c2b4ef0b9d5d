"""End to end in a real browser: Debian's chromium driven by Playwright (fixtures in conftest).

Moves the sample-size slider with the keyboard, waits for Streamlit's rerun, and checks that
the variance chart's data and the URL both changed. Prints the measured browser rerun time.
"""

from __future__ import annotations

import re
import time

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

from collapse_ui.families.gaussian.figures import variance

pytestmark = pytest.mark.browser

# The median line of the first chart (variance) as plotly.js holds it in the page: a base64
# {"dtype", "bdata"} object (plotly>=6 encoding), compared as text.
MEDIAN_JS = """() => {
  const gd = document.querySelectorAll('.js-plotly-plot')[0];
  const trace = gd && gd.data && gd.data.find(t => t.name === 'simulation: median');
  return trace ? JSON.stringify(trace.y) : null;
}"""


def test_sample_size_slider_by_keyboard_reruns_chart_and_url(page: Page, app_url: str, artifacts, capsys):
    page.set_viewport_size({"width": 1600, "height": 2000})
    page.goto(f"{app_url}/")  # the Gaussian page is the default page, at the root
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".gtitle", has_text=variance.TITLE)).to_have_count(1)
    assert "sample_size=100" in page.url
    before = page.evaluate(MEDIAN_JS)
    assert before

    slider = page.get_by_role("slider", name="Sample size per generation")
    slider.focus()
    start = time.perf_counter()
    page.keyboard.press("ArrowRight")  # 100 -> 200, the next 1-2-5 step
    page.wait_for_function(f"(before) => ({MEDIAN_JS})() !== before", arg=before, timeout=TIMEOUT)
    changed = time.perf_counter() - start
    wait_idle(page)
    idle = time.perf_counter() - start

    expect(page).to_have_url(re.compile(r"[?&]sample_size=200(&|$)"))
    assert page.evaluate(MEDIAN_JS) != before
    expect(page.locator(".js-plotly-plot")).to_have_count(5)
    shot = artifacts / "browser_gaussian_after_slider.png"
    page.screenshot(path=str(shot), full_page=True)
    with capsys.disabled():
        print(
            f"\n[browser] rerun after a key press: chart changed in {changed:.3f} s, "
            f"page idle in {idle:.3f} s; screenshot {shot.relative_to(artifacts.parent)}"
        )


def test_deep_link_as_first_request_keeps_the_frame(page: Page, fresh_app_url: str, artifacts):
    """A shared link opened right after a restart must still get the router's frame and page
    list (Streamlit's legacy pages/ mode would run the page script alone)."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{fresh_app_url}/about")
    expect(page.get_by_role("heading", name="How it works")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    expect(page.get_by_role("heading", name="Model Collapse Explorer")).to_be_visible()
    # The navigation groups pages in sections (collapse_ui/registry.py SECTIONS).
    expect(page.get_by_text("Watch it happen").first).to_be_visible()
    page.screenshot(path=str(artifacts / "browser_deep_link_about.png"))


def test_default_page_path_works_in_every_session(page: Page, app_url: str, browser):
    """/gaussian (the path shared links and exports use) opens the Gaussian page without
    Streamlit's "Page not found" dialog, also in a session after the server's first."""
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.goto(f"{app_url}/gaussian?sample_size=50&generations=40&replicates=20&seed=3")
        expect(tab.get_by_role("heading", name="A bell curve fitted to its own samples")).to_be_visible(
            timeout=TIMEOUT
        )
        wait_idle(tab)
        assert tab.get_by_text("Page not found").count() == 0
        assert "sample_size=50" in tab.url
        context.close()
