"""Charts on a phone (390 x 844, light and dark): every text box of a chart (title, axis titles,
tick labels, the compare sides' names, legend entries) lies inside the chart and overlaps no
other, and no toolbar is shown over the titles; the two sides of a comparison are stacked.
Measured on the SVG text boxes as the browser lays them out. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_charts_drawn, wait_idle, wait_still
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Per chart: text boxes outside the chart ("clip"), pairs that overlap, a visible toolbar, and
# whether the phone rule stacked two side-by-side panels.
MEASURE_JS = """() => {
  const apart = (a, b) => a.right <= b.left + 0.5 || b.right <= a.left + 0.5
    || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
  return [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const box = gd.querySelector('.main-svg').getBoundingClientRect();
    const sel = '.gtitle, .g-xtitle text, .g-ytitle text, .g-x2title text, .g-y2title text, '
      + '.xtick text, .ytick text, .x2tick text, .y2tick text, .annotation-text, .legendtext';
    const items = [...gd.querySelectorAll(sel)]
      .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
      .map(t => ({text: t.textContent, r: t.getBoundingClientRect()}));
    const problems = [];
    items.forEach(a => {
      if (a.r.left < box.left - 1 || a.r.right > box.right + 1 || a.r.top < box.top - 1
          || a.r.bottom > box.bottom + 1) problems.push('outside: ' + a.text);
    });
    items.forEach((a, i) => items.slice(i + 1).forEach(b => {
      if (!apart(a.r, b.r)) problems.push('overlap: ' + a.text + ' | ' + b.text);
    }));
    const bar = gd.querySelector('.modebar-container');
    const toolbar = Boolean(bar && getComputedStyle(bar).display !== 'none');
    const L = gd._fullLayout;
    const stacked = Boolean(L.xaxis2 && L.yaxis2 && L.xaxis2.domain[0] === 0 && L.yaxis2.domain[1] < 0.5);
    return {title: (L.title && L.title.text) || '', problems, toolbar, stacked,
            twoPanels: Boolean(L.xaxis2 && L.yaxis2 && L.yaxis2.matches === 'y')};
  });
}"""

# (address, which charts must be clean: "all" or "first" (the compare chart)).
CASES = [
    ("gaussian?preset=keep-10pct-real&replicates=50", "first"),
    ("gaussian?preset=accumulate&replicates=50", "first"),
    ("kde?preset=kde-silverman&replicates=50", "first"),
    ("text?preset=real-text-anchor&replicates=3", "first"),
    ("digits?preset=digits-class-drift&replicates=5", "first"),
    ("text?replicates=3", "all"),
    ("kde?replicates=50", "all"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("address", "which"), CASES)
def test_phone_charts_keep_every_label_inside_and_apart(
    browser: Browser, app_url: str, artifacts, scheme, address, which
):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/{address}")
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
        wait_idle(page)
        wait_charts_drawn(page)
        # The phone rule has laid out every chart (its mark is in each layout).
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".every(g => g.layout && g.layout.meta && g.layout.meta.phoneLayout)",
            timeout=TIMEOUT,
        )
        wait_still(page)
        charts = page.evaluate(MEASURE_JS)
        page.screenshot(path=str(artifacts / f"phone_{scheme}_{address.split('?')[0]}.png"))
    finally:
        context.close()
    assert charts
    checked = charts if which == "all" else charts[:1]
    for chart in checked:
        assert not chart["problems"], (chart["title"], chart["problems"])
    assert not any(c["toolbar"] for c in charts)  # the toolbar would sit over the titles
    if which == "first":  # a compare preset: the two sides are stacked, not side by side
        assert charts[0]["twoPanels"] and charts[0]["stacked"]
