"""Waits on states for the browser tests, never on time: each ends when the page reaches the
state (Streamlit idle, every chart drawn, no transition running, the presenter's own timer
ticked), and its timeout is only an upper bound for a loaded machine."""

from __future__ import annotations

from playwright.sync_api import Page, expect

# Generous: a shared machine under load once needed over a minute per page.
TIMEOUT = 120_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# Every chart on the page has been drawn by plotly.js and none is mid-transition.
CHARTS_DRAWN_JS = """() => {
  const gs = [...document.querySelectorAll('.js-plotly-plot')];
  return gs.length > 0 && gs.every(g => g._fullLayout && !g._transitioning && g.querySelector('.main-svg'));
}"""
# No finite CSS transition or animation is still running (a theme's colours have arrived).
STILL_JS = """() => document.getAnimations().every(a => a.playState !== 'running'
  || (a.effect && a.effect.getTiming().iterations === Infinity))"""
# Every image has loaded or failed (its onload/onerror handlers have run).
IMAGES_SETTLED_JS = "() => document.readyState === 'complete' && [...document.images].every(i => i.complete)"

# Installed before the page's scripts: counts the ticks of the presenter console's timer (its
# callback is the function named `sync`), so a test can wait for the console to have looked
# at the page a few more times instead of sleeping.
COUNT_TICKS_JS = """(() => {
  const every = window.setInterval;
  window.__syncTicks = 0;
  window.setInterval = function (fn, ms, ...rest) {
    if (typeof fn === 'function' && fn.name === 'sync') {
      const inner = fn;
      fn = function (...a) { try { return inner.apply(this, a); } finally { window.__syncTicks++; } };
    }
    return every.call(this, fn, ms, ...rest);
  };
})();"""


def wait_idle(page: Page, timeout: float = TIMEOUT) -> None:
    """Streamlit has finished the rerun: the script is not running and no status widget shows."""
    page.wait_for_selector(IDLE, timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


def wait_charts_drawn(page: Page, timeout: float = TIMEOUT) -> None:
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=timeout)


def wait_still(page: Page, timeout: float = TIMEOUT) -> None:
    page.wait_for_function(STILL_JS, timeout=timeout)


def wait_images_settled(page: Page, timeout: float = TIMEOUT) -> None:
    page.wait_for_function(IMAGES_SETTLED_JS, timeout=timeout)


def count_console_ticks(page: Page) -> None:
    """Call before page.goto: makes wait_console_ticks possible on that page."""
    page.add_init_script(COUNT_TICKS_JS)


def wait_console_ticks(page: Page, n: int = 3, timeout: float = TIMEOUT) -> None:
    """The presenter console's timer has run n more times (it acts on what it sees each tick)."""
    start = page.evaluate("() => window.__syncTicks || 0")
    page.wait_for_function("(target) => (window.__syncTicks || 0) >= target", arg=start + n, timeout=timeout)
