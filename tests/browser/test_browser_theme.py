"""Light and dark through Streamlit's own themes (.streamlit/config.toml [theme.light] and
[theme.dark]), in a real browser: the page follows the browser's preference, ?theme=light|dark
overrides it, and in each every widget stays readable: a toggle's track stands out from what is
behind it, an unselected radio button does not look selected, the help icons show. Screenshots
at 1920x1080 go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from browser_waits import TIMEOUT, wait_charts_drawn, wait_idle, wait_still
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

# Colours as [r, g, b]; a colour's backdrop is the first ancestor with an opaque background.
READ_JS = """() => {
  const rgb = c => c.startsWith('#') ? [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16))
                                      : (c.match(/[\\d.]+/g) || []).map(Number);
  const opaque = c => { const v = rgb(c); return v.length === 3 || (v.length === 4 && v[3] > 0.5); };
  const backdrop = el => { for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor; if (opaque(c)) return rgb(c).slice(0, 3); }
    return [255, 255, 255]; };
  const bg = el => rgb(getComputedStyle(el).backgroundColor).slice(0, 3);
  const track = document.querySelector('[data-testid="stSidebar"] [data-testid="stCheckbox"] label > div');
  const options = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stRadioOption"]')];
  const on = options.find(o => o.dataset.selected === 'true'), off = options.find(o => o.dataset.selected !== 'true');
  const dot = o => o.querySelector('div > div');
  const icon = document.querySelector('[data-testid="stSidebar"] [data-testid="stTooltipIcon"] svg');
  const gd = document.querySelector('.js-plotly-plot');
  return {
    app: bg(document.querySelector('[data-testid="stApp"]')),
    track: bg(track), behindTrack: backdrop(track.parentElement),
    radioOn: bg(dot(on)), radioOff: bg(dot(off)), behindRadio: backdrop(off),
    icon: rgb(getComputedStyle(icon).color).slice(0, 3), behindIcon: backdrop(icon.parentElement),
    chart: rgb(gd._fullLayout.paper_bgcolor).slice(0, 3),
  };
}"""


def luminance(c) -> float:
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def open_in(browser: Browser, url: str, scheme: str) -> Page:
    page = browser.new_context(viewport={"width": 1920, "height": 1080}, color_scheme=scheme).new_page()
    page.goto(url)
    if "theme=" in url:  # the flag applies Streamlit's theme through one reload with embed_options
        expect(page).to_have_url(re.compile(r"embed_options=\w+_theme"), timeout=TIMEOUT)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    wait_charts_drawn(page)
    wait_still(page)  # the theme's colour transitions have ended
    return page


@pytest.mark.parametrize(
    ("scheme", "query", "dark"),
    [
        ("light", "", False),
        ("dark", "", True),  # the browser's preference, no flag
        ("light", "?theme=dark", True),  # the flag wins (Streamlit's own dark theme, after one reload)
        ("dark", "multivariate?theme=light", False),
    ],
)
def test_theme_follows_the_browser_or_the_flag_and_every_widget_stays_readable(
    browser: Browser, app_url: str, artifacts, scheme, query, dark
):
    page = open_in(browser, f"{app_url}/{query}", scheme)
    c = page.evaluate(READ_JS)
    name = f"theme_{scheme}_{(query.strip('?') or 'gaussian').replace('?', '_').replace('=', '-')}"
    page.screenshot(path=str(artifacts / f"{name}.png"))
    assert (luminance(c["app"]) < 0.05) is dark, c
    assert (luminance(c["chart"]) < 0.05) is dark, c  # the charts follow the page's theme
    if "theme=" in query:
        assert f"embed_options={'dark' if dark else 'light'}_theme" in page.url
    # A switched-off toggle keeps a visible track; an unselected radio button is not filled in.
    assert contrast(c["track"], c["behindTrack"]) > 1.15, c
    assert c["radioOff"] != c["radioOn"] and contrast(c["radioOn"], c["behindRadio"]) > 2, c
    assert contrast(c["icon"], c["behindIcon"]) > 3, c  # help icons readable
    page.context.close()
