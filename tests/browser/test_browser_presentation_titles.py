"""On a projector (presentation mode, larger type), no chart's axis title runs into its title:
measured on the drawn SVG in Debian's chromium, for the Gaussian paper preset in the dark look
(the longest y title, "fitted variance ÷ true variance", on the tallest log axis)."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_idle
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BOXES_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((plot) => {
  const box = (sel) => { const el = plot.querySelector(sel); if (!el) return null;
    const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  return {title: box('.gtitle'), ytitle: box('.ytitle'), text: (plot.querySelector('.gtitle') || {}).textContent};
})"""


def test_axis_titles_stay_clear_of_chart_titles_when_presenting(page: Page, app_url: str, artifacts):
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(f"{app_url}/gaussian?preset=paper-gaussian&present=1&theme=dark")
    expect(page.locator(".js-plotly-plot").first).to_be_attached(timeout=TIMEOUT)
    wait_idle(page)
    boxes = [b for b in page.evaluate(BOXES_JS) if b["title"] and b["ytitle"]]
    assert len(boxes) >= 4
    for b in boxes:
        assert b["ytitle"]["top"] >= b["title"]["bottom"] - 1, f"y title overlaps the title of {b['text']!r}"
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "browser_presentation_titles.png"))
