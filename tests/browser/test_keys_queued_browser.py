"""Presses are never dropped: a key pressed while the app reruns or while the stage chart is
being drawn waits and acts, in order, once the page is idle (console.js). Run beside busy
loops with `pytest --busy-loops 2` (make test-under-load)."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, count_console_ticks, wait_charts_drawn, wait_console_ticks, wait_idle
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

STAGE = ".st-key-stage .js-plotly-plot"
SETTLED_JS = f"""() => {{
  const g = document.querySelector('{STAGE}');
  const td = (g && g._transitionData) || {{}};
  const c = window.__collapse;
  return !!g && !!c && (c.pending ? c.pending() : 0) === 0
    && !window.__collapse.state().playing && !g._transitioning
    && !(td._frameQueue || []).length && !td._animationRaf;
}}"""


def _open(page: Page, url: str) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    count_console_ticks(page)
    page.goto(url)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    wait_charts_drawn(page)
    page.wait_for_function("() => !!window.__collapse", timeout=TIMEOUT)
    wait_console_ticks(page)


def test_space_twice_before_the_player_is_drawn_plays_then_pauses(page: Page, app_url: str):
    """The first Space switches the player on (a rerun); the second, pressed before the chart
    with its frames exists, pauses it once it plays: it used to be lost, and the chain played
    to its end."""
    _open(page, f"{app_url}/?preset=paper-gaussian&present=1")
    page.keyboard.press(" ")
    page.keyboard.press(" ")
    expect(page.locator(STAGE)).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(SETTLED_JS, timeout=TIMEOUT)
    wait_console_ticks(page)
    state = page.evaluate("() => window.__collapse.state()")
    assert state["now"] is not None and state["now"] < state["last"], state


def test_keys_pressed_during_a_rerun_act_in_order(page: Page, app_url: str):
    """Home then End pressed while the app reruns (a new speed): both act, End last."""
    _open(page, f"{app_url}/?preset=paper-gaussian&present=1&play=1&at=300")
    page.get_by_text("Slow (20 s)").click()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=TIMEOUT)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Home")
    page.keyboard.press("End")
    wait_idle(page)
    page.wait_for_function(SETTLED_JS, timeout=TIMEOUT)
    wait_console_ticks(page)
    state = page.evaluate("() => window.__collapse.state()")
    assert state["now"] == state["last"], state
    page.wait_for_function(
        "() => document.body.getAttribute('data-collapse-reveal') === '1'", timeout=TIMEOUT
    )
