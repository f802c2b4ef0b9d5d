"""A whole lesson in a real browser at 1920x1080, as a teacher gives it: the paper's Gaussian
preset, a class room, presentation mode, the guided tour, two phones answering, the reveal.

At every step the stage chart is fully on screen and nothing shows the answer before the
teacher reveals it; every key press acts; the QR code, read from the screen's pixels, holds an
address phones reach (not this machine's loopback). Screenshots: test-artifacts/lesson_*.png."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_waits import TIMEOUT, wait_charts_drawn, wait_idle
from conftest import serve_app
from playwright.sync_api import Browser, Page, expect
from qr_reading import decode_qr_on_page

from collapse_ui import public_url

pytestmark = pytest.mark.browser

STAGE = ".st-key-stage .js-plotly-plot"
# The stage chart's box against the viewport: [top, bottom, left, right, innerHeight, innerWidth].
STAGE_BOX_JS = f"""() => {{
  const g = document.querySelector('{STAGE}');
  if (!g || !g.checkVisibility()) return null;
  const r = g.getBoundingClientRect();
  return [r.top, r.bottom, r.left, r.right, window.innerHeight, window.innerWidth];
}}"""
SHOWN_JS = """(sel) => [...document.querySelectorAll(sel)].filter(e => {
  const r = e.getBoundingClientRect();
  return e.checkVisibility() && r.width > 0 && r.height > 0;
}).length"""
# All text a viewer can read: the page's rendered text and the SVG text of the charts shown.
TEXT_JS = """() => {
  const svg = [...document.querySelectorAll('.js-plotly-plot text')].filter(t => t.checkVisibility());
  return [document.body.innerText, ...svg.map(t => t.textContent)].join('\\n');
}"""
SIDEBAR_JS = """() => {
  const s = document.querySelector('[data-testid="stSidebar"]');
  return s && s.checkVisibility() ? s.getBoundingClientRect().width : 0;
}"""


@pytest.fixture
def lesson_url(tmp_path, monkeypatch):
    lan = public_url.lan_address()
    if lan is None:
        pytest.skip("this machine has no network address for phones to reach")
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(public_url.ENV, raising=False)
    with serve_app(address=lan) as url:
        yield url


def _stage_in_view(page: Page, where: str) -> None:
    page.wait_for_function(f"() => !!({STAGE_BOX_JS})()", timeout=TIMEOUT)
    top, bottom, left, right, height, width = page.evaluate(STAGE_BOX_JS)
    assert top >= 0 and bottom <= height and left >= 0 and right <= width, (
        f"{where}: the stage chart spans {top:.0f}-{bottom:.0f} px of a {height} px high screen"
    )


def _no_answer(page: Page, where: str) -> None:
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 0, f"{where}: a headline shows"
    text = page.evaluate(TEXT_JS)
    assert "simulation" not in page.locator(".st-key-room_panel").inner_text(), where
    assert "━ simulation" not in text, f"{where}: the simulation's line is labelled"


def _settle(page: Page) -> None:
    wait_idle(page)
    wait_charts_drawn(page)


def _press(page: Page, key: str) -> None:
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # not a widget
    page.keyboard.press(key)


def test_a_whole_lesson(page: Page, browser: Browser, lesson_url: str, artifacts):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{lesson_url}/?preset=paper-gaussian")
    _settle(page)
    page.get_by_role("button", name="Start a class room").click()
    expect(page.get_by_text("Answer on your phone")).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    link = decode_qr_on_page(page)
    assert not public_url.is_loopback(urlsplit(link).hostname), link
    _no_answer(page, "a new room")

    # Presentation from the sidebar's toggle: no empty sidebar is left on the projector.
    page.get_by_text("Presentation mode", exact=True).click()
    expect(page.get_by_role("button", name="Leave presentation")).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    page.wait_for_function(f"() => ({SIDEBAR_JS})() === 0", timeout=TIMEOUT)

    # The tour's question step: the stage waits at generation 0; the class answers.
    _press(page, "n")
    expect(page.get_by_text("Tour, step 1 of 5")).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    _stage_in_view(page, "tour step 1")
    _no_answer(page, "tour step 1")
    page.screenshot(path=str(artifacts / "lesson_1920_question.png"))

    phones = [
        browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        for _ in range(2)
    ]
    try:
        for phone, guess in zip(phones, ("20", "45"), strict=True):
            p = phone.new_page()
            p.goto(link)
            box = p.get_by_label("Your guess (%)")
            expect(box).to_be_visible(timeout=TIMEOUT)
            box.fill(guess)
            p.get_by_role("button", name="Send").click()
            expect(p.get_by_text(f"Sent: {guess}")).to_be_visible(timeout=TIMEOUT)
    finally:
        for phone in phones:
            phone.close()
    expect(page.locator(".gtitle", has_text="2 answers")).to_have_count(1, timeout=TIMEOUT)
    _stage_in_view(page, "two answers")
    _no_answer(page, "two answers")

    # Play, then the tour's reveal step: the player reaches the end, the room still holds.
    _press(page, "n")
    expect(page.get_by_text("Tour, step 2 of 5")).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    _stage_in_view(page, "tour step 2")
    _no_answer(page, "tour step 2")
    _press(page, "n")
    expect(page.get_by_text("Tour, step 3 of 5")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(
        "() => document.body.getAttribute('data-collapse-reveal') === '1'", timeout=TIMEOUT
    )
    _settle(page)
    _stage_in_view(page, "tour step 3")
    _no_answer(page, "before the teacher's reveal")
    page.screenshot(path=str(artifacts / "lesson_1920_before_reveal.png"))

    # The teacher's reveal: the simulation's line and the headlines.
    reveal = page.get_by_role("button", name="Reveal the answer")
    box = reveal.bounding_box()
    assert box and box["y"] + box["height"] <= 1080, "the reveal button is on screen"
    reveal.click()
    expect(page.locator(".gtitle", has_text="simulation")).to_have_count(1, timeout=TIMEOUT)
    _settle(page)
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') > 0
    _stage_in_view(page, "after the reveal")
    page.screenshot(path=str(artifacts / "lesson_1920_revealed.png"))
