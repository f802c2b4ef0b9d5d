"""The presenter in a real browser (Debian chromium via Playwright; fixtures in conftest): the paper's
Gaussian presented at 1920x1080, played and paused with the keyboard, and nothing on screen may
show a generation later than the one played. Screenshots go to test-artifacts/presenter_*.png."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect
from test_classroom_browser import wait_idle

pytestmark = pytest.mark.browser

STAGE = ".st-key-stage .js-plotly-plot"
PLAYED_JS = f"""() => {{
  const gd = document.querySelector('{STAGE}');
  const s = gd && gd.layout && (gd.layout.shapes || []).find(s => s.name === 'player-line');
  return s ? s.x0 : null;
}}"""
CURTAIN_JS = f"""() => {{
  const s = document.querySelector('{STAGE}').layout.shapes.find(s => s.name === 'player-curtain');
  return [s.x0, s.x1, s.visible !== false];
}}"""
# Every element a viewer can see: rendered (not display:none anywhere up the tree) and on screen.
SHOWN_JS = """(sel) => [...document.querySelectorAll(sel)].filter(e => {
  const r = e.getBoundingClientRect();
  return e.checkVisibility() && r.width > 0 && r.height > 0;
}).length"""
# All text a viewer can read: the page's rendered text, the SVG text of the charts shown, the bar.
TEXT_JS = """() => {
  const shown = (e) => e.checkVisibility();
  const svg = [...document.querySelectorAll('.js-plotly-plot text')].filter(shown).map(t => t.textContent);
  const bars = [...document.querySelectorAll('iframe')].filter(shown).map(f => f.contentDocument.body.innerText);
  return [document.body.innerText, ...svg, ...bars].join('\\n');
}"""


def _generations_named(text: str) -> list[int]:
    """Numbers a reader would take for a generation: "generation 180", "generation 1,000 of ..."."""
    return [int(n.replace(",", "")) for n in re.findall(r"[Gg]eneration\s+([\d,]+)", text)]


def _open(page: Page, url: str, size=(1920, 1080)) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    expect(page.locator(STAGE if "play=1" in url else ".js-plotly-plot").first).to_be_visible(timeout=60_000)
    wait_idle(page)
    page.wait_for_timeout(800)  # plotly's first draw, the console's script


def _settled(page: Page, within_s: float = 8.0) -> int:
    """The played generation once it stops moving. Under load a frame already in flight when
    Pause lands is still drawn, so the position may move once more; then it must hold still
    for a whole second (a player that keeps going fails here)."""
    deadline = time.monotonic() + within_s
    before = page.evaluate(PLAYED_JS)
    while True:
        page.wait_for_timeout(1000)
        now = page.evaluate(PLAYED_JS)
        if now == before:
            return now
        assert time.monotonic() < deadline, f"still moving {within_s} s after Pause ({before} -> {now})"
        before = now


# Space switches the player on: the rerun's redraw (Plotly.react with frames) lands while the
# autoplay runs and gives the chart new animation data; Pause must still stop that Play.
def test_keyboard_play_pause_shows_nothing_later_than_the_played_generation(page: Page, app_url: str, artifacts):
    _open(page, f"{app_url}/?preset=paper-gaussian&present=1")
    page.screenshot(path=str(artifacts / "presenter_1920_opened.png"))

    page.keyboard.press("Space")  # the player is off: Space switches it on, then plays
    page.wait_for_function(f"() => ({PLAYED_JS})() >= 100", timeout=60_000)
    page.keyboard.press("Space")  # pause
    played = _settled(page)
    assert 100 <= played < 1000  # paused before the end
    expect(page).to_have_url(re.compile(r"[?&]play=1(&|$)"))
    page.screenshot(path=str(artifacts / "presenter_1920_paused.png"))

    # Nothing on screen is later than `played`: the curtain hides the rest of the stage chart,
    # no headline and no other chart is shown, and no text names a later generation.
    assert page.evaluate(CURTAIN_JS) == [played, 1000, True]
    assert page.evaluate("() => document.body.getAttribute('data-collapse-reveal')") is None
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 0
    assert page.evaluate(SHOWN_JS, ".js-plotly-plot") == 1  # the stage alone
    assert page.evaluate(SHOWN_JS, ".katex") == 0  # the theory's closed forms (values at the end)
    named = _generations_named(page.evaluate(TEXT_JS))
    assert played in named and max(named) <= played, named
    expect(page.get_by_text("appear when the chain has played to its end")).to_be_visible()

    # Arrows step on the same position, on the client (no rerun: the URL's `at` does not move).
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({PLAYED_JS})() === {played + 50}", timeout=5_000)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => ({PLAYED_JS})() === {played - 50}", timeout=5_000)
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 0

    # Keys typed into a field are the field's: P in the seed box leaves presentation mode on.
    page.get_by_text("Settings", exact=True).click()
    seed = page.get_by_role("spinbutton").first
    seed.focus()
    page.keyboard.press("p")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    assert page.evaluate(PLAYED_JS) == played - 50
    expect(page.get_by_role("button", name="Leave presentation")).to_be_visible()
    page.get_by_text("Settings", exact=True).click()
    page.evaluate("() => document.activeElement.blur()")  # focus back on the page

    # The end reveals the results.
    page.keyboard.press("End")
    page.wait_for_function("() => document.body.getAttribute('data-collapse-reveal') === '1'", timeout=5_000)
    assert page.evaluate(PLAYED_JS) == 1000
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    page.get_by_test_id("stMetric").first.scroll_into_view_if_needed()
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 4
    size = page.evaluate("""() => {  // the size the digits are drawn at: the innermost element's
      let e = document.querySelector('[data-testid="stMetricValue"]');
      while (e.firstElementChild) e = e.firstElementChild;
      return parseFloat(getComputedStyle(e).fontSize);
    }""")
    assert size >= 48  # big on a projector
    page.screenshot(path=str(artifacts / "presenter_1920_revealed.png"))

    # Esc leaves presentation mode, and the controls come back to the sidebar.
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Leave presentation")).to_have_count(0, timeout=30_000)
    expect(page).not_to_have_url(re.compile(r"[?&]present=1"))


def test_tour_advances_with_n(page: Page, app_url: str, artifacts):
    _open(page, f"{app_url}/?preset=paper-gaussian&present=1")
    page.keyboard.press("n")
    expect(page.get_by_text("Tour, step 1 of 5")).to_be_visible(timeout=30_000)
    page.keyboard.press("n")  # step 2 turns the player on and plays
    expect(page.get_by_text("Tour, step 2 of 5")).to_be_visible(timeout=30_000)
    page.wait_for_function(f"() => ({PLAYED_JS})() >= 50", timeout=60_000)
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 0
    page.keyboard.press("n")  # step 3 reveals: the chart goes to its end first
    expect(page.get_by_text("Tour, step 3 of 5")).to_be_visible(timeout=30_000)
    page.wait_for_function("() => document.body.getAttribute('data-collapse-reveal') === '1'", timeout=15_000)
    assert page.evaluate(PLAYED_JS) == 1000
    page.screenshot(path=str(artifacts / "presenter_1920_tour_reveal.png"))


def test_phone_width_presenting_and_playing(page: Page, app_url: str, artifacts):
    _open(page, f"{app_url}/?preset=paper-gaussian&present=1&play=1", size=(390, 844))
    expect(page.get_by_role("button", name="Leave presentation")).to_be_visible()
    page.screenshot(path=str(artifacts / "presenter_390_play.png"))
    page.locator(STAGE).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "presenter_390_stage.png"))
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 0


def test_a_rerun_on_the_same_chain_keeps_the_played_generation(page: Page, app_url: str):
    _open(page, f"{app_url}/?preset=paper-gaussian&play=1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({PLAYED_JS})() === 150", timeout=5_000)
    page.get_by_text("Fast (4 s)").click()  # a rerun: new frame timing, the same chain
    expect(page).to_have_url(re.compile(r"[?&]speed=fast(&|$)"), timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(1500)
    assert page.evaluate(PLAYED_JS) == 150
    page.keyboard.press("Home")  # and the presenter's own moves still go where they are sent
    page.wait_for_function(f"() => ({PLAYED_JS})() === 0", timeout=5_000)
