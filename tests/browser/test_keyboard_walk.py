"""Keyboard only, in a real browser: on the Gaussian page Tab reaches every button (no trap:
Tab goes on past the last one and Shift-Tab comes back), the focused control shows a focus
ring, the arrow keys move a slider, the chart and the headline change and the polite live
region announces the new headline; on a class room's phone page Tab, typing and Enter send an
answer."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_charts_drawn, wait_idle, wait_still
from playwright.sync_api import Browser, Page, expect
from test_axe_pages import axe_url, open_phone, phone_link  # noqa: F401 (fixtures: one server)

pytestmark = pytest.mark.browser

# Every element gets a stable number the first time it is looked at (positions move as the
# page and the sidebar scroll).
TAG_JS = "e => (e.dataset.kbd = e.dataset.kbd || String(window.__kbd = (window.__kbd || 0) + 1))"
# What has focus: its number, a name for messages, and whether a focus indicator is drawn.
ACTIVE_JS = f"""() => {{
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return {{id: ({TAG_JS})(e), name: e.tagName + ' ' + (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 50),
          ring, label: e.getAttribute('aria-label')}};
}}"""
# The page's buttons in the tab order (not Streamlit's header and toolbar), numbered. Buttons with
# tabindex -1 are a pointer's shortcut for a control the keyboard drives itself (a select's
# "Open" chevron: the arrow keys; a number's -/+: the arrow keys). Known limit, Streamlit's own:
# its "Collapse sidebar" button is shown only while a pointer is over the sidebar and Tab never
# reaches it (the keyboard's way to more room is the app menu).
BUTTONS_JS = f"""() => [...document.querySelectorAll('button')]
  .filter(b => !b.disabled && b.tabIndex >= 0 && b.checkVisibility() && b.getBoundingClientRect().width > 1
               && !b.closest('[data-testid="stToolbar"], [data-testid="stHeader"]')
               && b.getAttribute('aria-label') !== 'Collapse sidebar')
  .map(b => [({TAG_JS})(b), b.tagName + ' ' + (b.getAttribute('aria-label') || b.innerText || '').trim().slice(0, 50)])"""


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url)
    wait_idle(page)
    wait_charts_drawn(page)
    wait_still(page)
    wait_idle(page)
    return page


def tab_through(page: Page, limit: int = 400) -> list[dict]:
    """Tab from the top until focus comes back to where it started (or `limit`)."""
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(ACTIVE_JS)
        if now is None:
            continue
        if seen and now["id"] == seen[0]["id"]:
            break
        seen.append(now)
    return seen


def test_the_gaussian_page_by_keyboard_only(browser: Browser, axe_url: str):  # noqa: F811
    page = open_page(browser, f"{axe_url}/gaussian?sample_size=100&generations=100&replicates=50")
    try:
        buttons = dict(page.evaluate(BUTTONS_JS))
        walk = tab_through(page)
        reached = {w["id"] for w in walk}
        assert len(walk) > 20, walk  # the walk went through the page, not one trapped control
        missed = [name for key, name in buttons.items() if key not in reached]
        assert not missed, missed
        no_ring = [w["name"] for w in walk if not w["ring"]]
        assert not no_ring, no_ring
        # The walk came round to its first control; Shift-Tab walks back to the last one.
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(ACTIVE_JS)["id"] == walk[-1]["id"]

        # The sample-size slider, reached by Tab, moved by the arrow keys.
        slider = page.get_by_role("slider", name="Sample size per generation")
        for _ in range(len(walk) + 1):
            page.keyboard.press("Tab")
            if slider.evaluate("e => e === document.activeElement"):
                break
        assert slider.evaluate("e => e === document.activeElement"), "Tab never reached the slider"
        before = slider.get_attribute("aria-valuenow")
        headline = page.get_by_test_id("stMetricValue").first.inner_text()
        chart = page.evaluate("() => JSON.stringify(document.querySelector('.js-plotly-plot').data[3].y)")
        said = page.evaluate("() => window.__mceLiveSaid")
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        expect(slider).not_to_have_attribute("aria-valuenow", before, timeout=TIMEOUT)
        page.wait_for_function(
            "(old) => JSON.stringify(document.querySelector('.js-plotly-plot').data[3].y) !== old",
            arg=chart,
            timeout=TIMEOUT,
        )
        wait_idle(page)
        region = page.locator("#mce-live")
        assert region.get_attribute("aria-live") == "polite"
        page.wait_for_function("(n) => window.__mceLiveSaid > n", arg=said, timeout=TIMEOUT)
        new_headline = page.get_by_test_id("stMetricValue").first.inner_text()
        if new_headline != headline:
            expect(region).to_contain_text(new_headline)

        # Enter opens a folded section (the first "Show the numbers" under a chart).
        numbers = page.locator("summary", has_text="Show the numbers").first
        numbers.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=TIMEOUT)
    finally:
        page.context.close()


def test_the_phone_page_by_keyboard_only(browser: Browser, phone_link: str):  # noqa: F811
    page = open_phone(browser, phone_link, "light")
    try:
        walk = tab_through(page, limit=60)
        assert any("guess" in w["name"].lower() for w in walk), walk
        assert all(w["ring"] for w in walk), [w["name"] for w in walk if not w["ring"]]
        box = page.get_by_label("Your guess (%)")
        for _ in range(len(walk) + 1):
            if box.evaluate("e => e === document.activeElement"):
                break
            page.keyboard.press("Tab")
        page.keyboard.type("25")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.innerText.trim()") == "Send":
                break
        page.keyboard.press("Enter")
        expect(page.get_by_text("Sent: 25")).to_be_visible(timeout=TIMEOUT)
    finally:
        page.context.close()
