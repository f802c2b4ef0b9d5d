"""No spoilers, per mode, in a real browser at 1920x1080: before the reveal no headline, no
theory value and no drawn end of the chain is visible (spoilers.py); after it, they are."""

from __future__ import annotations

import pytest
from browser_waits import TIMEOUT, wait_charts_drawn, wait_idle
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

STAGE = ".st-key-stage .js-plotly-plot"
SHOWN_JS = """(sel) => [...document.querySelectorAll(sel)].filter(e => {
  const r = e.getBoundingClientRect();
  return e.checkVisibility() && r.width > 0 && r.height > 0;
}).length"""
PLAYED_JS = f"""() => {{
  const g = document.querySelector('{STAGE}');
  const s = g && g.layout && (g.layout.shapes || []).find(s => s.name === 'player-line');
  return s ? s.x0 : null;
}}"""


def _settle(page: Page) -> None:
    wait_idle(page)
    wait_charts_drawn(page)


def _hidden(page: Page, where: str) -> None:
    for sel in ('[data-testid="stMetric"]', ".st-key-headlines", '[class*="st-key-"][class*="theory"]'):
        assert page.evaluate(SHOWN_JS, sel) == 0, f"{where}: {sel} is visible"


def test_predict_holds_every_number_until_the_class_has_answered(page: Page, app_url: str):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?preset=paper-gaussian&predict=1")
    expect(page.get_by_text("Predict, then run")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)  # no chart while the class predicts
    _hidden(page, "predicting")
    page.get_by_role("button", name="Just show me").click()
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=TIMEOUT)


@pytest.mark.parametrize("preset", ["paper-gaussian", "accumulate"])
def test_a_tours_question_step_shows_the_stage_at_generation_0_and_no_answer(
    page: Page, app_url: str, preset: str, artifacts
):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?preset={preset}&present=1")
    _settle(page)
    page.get_by_role("button", name="Start the guided tour").click()
    expect(page.get_by_text("Tour, step 1 of")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(STAGE)).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    page.wait_for_function(f"() => ({PLAYED_JS})() === 0", timeout=TIMEOUT)
    _hidden(page, f"{preset}: the tour's question")
    page.screenshot(path=str(artifacts / f"no_spoilers_tour_{preset}_1920.png"))
