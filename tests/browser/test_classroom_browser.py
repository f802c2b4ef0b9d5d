"""Classroom in a real browser (Debian chromium via Playwright; fixtures in conftest): a preset
link in presentation mode at 1920x1080, Play pressed, screenshots saved under test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CURTAIN_JS = """() => {
  const gd = document.querySelectorAll('.js-plotly-plot')[0];
  const s = gd && gd.layout && gd.layout.shapes && gd.layout.shapes.find(s => s.type === 'rect');
  return s ? s.x0 : null;
}"""


def wait_idle(page: Page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)


def open_link(page: Page, url: str) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(url)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    wait_idle(page)
    page.wait_for_timeout(500)  # let plotly finish its first draw


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_preset_link_in_presentation_mode_plays(page: Page, app_url: str, artifacts, theme: str):
    open_link(page, f"{app_url}/?preset=accumulate&present=1&play=1&theme={theme}")
    expect(page.get_by_role("heading", name="Accumulate instead of replace")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)  # controls tucked into the page
    assert page.evaluate(CURTAIN_JS) == 0  # nothing revealed yet
    page.screenshot(path=str(artifacts / f"classroom_present_{theme}_before_play.png"))

    bar = page.frame_locator(".st-key-stage ~ * iframe, iframe").first  # the player's bar (console.py)
    bar.get_by_role("button", name="Play").click()
    page.wait_for_function(f"() => ({CURTAIN_JS})() > 200", timeout=15_000)
    page.screenshot(path=str(artifacts / f"classroom_present_{theme}_playing.png"))
    bar.get_by_role("button", name="Pause").click()
    paused = page.evaluate(CURTAIN_JS)
    page.wait_for_timeout(600)
    assert page.evaluate(CURTAIN_JS) == paused  # Pause holds the frame
    page.screenshot(path=str(artifacts / f"classroom_present_{theme}_paused.png"), full_page=True)


def test_one_slider_link_and_step_button(page: Page, app_url: str, artifacts):
    open_link(page, f"{app_url}/?present=1&show=sample_size&play=1&reduce_motion=1")
    expect(page.get_by_role("slider")).to_have_count(2)  # the one control, and the player's scrubber
    expect(page.get_by_role("slider", name="Sample size per generation")).to_be_visible()
    page.get_by_role("button", name="Step", exact=True).click()
    page.wait_for_function(f"() => ({CURTAIN_JS})() === 10", timeout=30_000)
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]at=10(&|$)"))
    page.screenshot(path=str(artifacts / "classroom_one_slider_stepped.png"))
