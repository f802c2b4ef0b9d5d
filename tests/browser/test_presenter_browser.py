"""The presenter in a real browser (Debian chromium via Playwright; fixtures in conftest): the paper's
Gaussian presented at 1920x1080, played and paused with the keyboard, and nothing on screen may
show a generation later than the one played. Screenshots go to test-artifacts/presenter_*.png."""

from __future__ import annotations

import re

import pytest
from browser_waits import TIMEOUT, count_console_ticks, wait_charts_drawn, wait_console_ticks, wait_idle
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

STAGE = ".st-key-stage .js-plotly-plot"
PLAYED_JS = f"""() => {{
  const gd = document.querySelector('{STAGE}');
  const s = gd && gd.layout && (gd.layout.shapes || []).find(s => s.name === 'player-line');
  return s ? s.x0 : null;
}}"""
# The player has stopped: not playing, no frame queued, no transition still drawing.
SETTLED_JS = f"""() => {{
  const g = document.querySelector('{STAGE}');
  const td = (g && g._transitionData) || {{}};
  return !!window.__collapse && !window.__collapse.state().playing && !g._transitioning
    && !(td._frameQueue || []).length && !td._animationRaf && !(window.__animatePending > 0);
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
    count_console_ticks(page)
    page.goto(url)
    expect(page.locator(STAGE if "play=1" in url else ".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    wait_charts_drawn(page)
    page.wait_for_function("() => !!window.__collapse", timeout=TIMEOUT)  # the console's script runs
    wait_console_ticks(page)


def _settled(page: Page) -> int:
    """The played generation once the player has stopped and the console has looked at it
    three more times. A Play's last frame that lands late may be put back once (to where
    the console last saw it); after that it must hold (a player that keeps going fails here)."""
    before = None
    for _ in range(3):
        page.wait_for_function(SETTLED_JS, timeout=TIMEOUT)
        now = page.evaluate(PLAYED_JS)
        if now == before:
            return now
        before = now
        wait_console_ticks(page)
    raise AssertionError(f"the played generation still moves after Pause (last {before})")


# Space switches the player on: the rerun's redraw (Plotly.react with frames) lands while the
# autoplay runs and gives the chart new animation data; Pause must still stop that Play.
def test_keyboard_play_pause_shows_nothing_later_than_the_played_generation(
    page: Page, app_url: str, artifacts
):
    _open(page, f"{app_url}/?preset=paper-gaussian&present=1")
    page.screenshot(path=str(artifacts / "presenter_1920_opened.png"))

    page.keyboard.press("Space")  # the player is off: Space switches it on, then plays
    page.wait_for_function(f"() => ({PLAYED_JS})() >= 100", timeout=TIMEOUT)
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
    page.wait_for_function(f"() => ({PLAYED_JS})() === {played + 50}", timeout=TIMEOUT)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => ({PLAYED_JS})() === {played - 50}", timeout=TIMEOUT)
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 0

    # Keys typed into a field are the field's: P in the seed box leaves presentation mode on.
    page.get_by_text("Settings", exact=True).click()
    seed = page.get_by_role("spinbutton").first
    seed.focus()
    page.keyboard.press("p")
    page.keyboard.press("ArrowRight")
    wait_console_ticks(page)  # a key the console took would have moved the line or started a rerun
    wait_idle(page)
    assert _settled(page) == played - 50
    expect(page.get_by_role("button", name="Leave presentation")).to_be_visible()
    page.get_by_text("Settings", exact=True).click()
    page.evaluate("() => document.activeElement.blur()")  # focus back on the page

    # The end reveals the results.
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.body.getAttribute('data-collapse-reveal') === '1'", timeout=TIMEOUT
    )
    assert _settled(page) == 1000  # and it stays there: nothing puts the presenter's jump back
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
    expect(page.get_by_role("button", name="Leave presentation")).to_have_count(0, timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"[?&]present=1"))


def test_tour_advances_with_n(page: Page, app_url: str, artifacts):
    _open(page, f"{app_url}/?preset=paper-gaussian&present=1")
    page.keyboard.press("n")
    expect(page.get_by_text("Tour, step 1 of 5")).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("n")  # step 2 turns the player on and plays
    expect(page.get_by_text("Tour, step 2 of 5")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(f"() => ({PLAYED_JS})() >= 50", timeout=TIMEOUT)
    assert page.evaluate(SHOWN_JS, '[data-testid="stMetric"]') == 0
    page.keyboard.press("n")  # step 3 reveals: the chart goes to its end first
    expect(page.get_by_text("Tour, step 3 of 5")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(
        "() => document.body.getAttribute('data-collapse-reveal') === '1'", timeout=TIMEOUT
    )
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
    page.wait_for_function(f"() => ({PLAYED_JS})() === 150", timeout=TIMEOUT)
    page.get_by_text("Fast (4 s)").click()  # a rerun: new frame timing, the same chain
    expect(page).to_have_url(re.compile(r"[?&]speed=fast(&|$)"), timeout=TIMEOUT)
    wait_idle(page)
    wait_charts_drawn(page)
    assert _settled(page) == 150  # the redrawn chart came back at the link's `at`; put back
    page.keyboard.press("Home")  # and the presenter's own moves still go where they are sent
    page.wait_for_function(f"() => ({PLAYED_JS})() === 0", timeout=TIMEOUT)


# Every Plotly.animate lands a second late, as on a loaded machine; the calls are recorded.
SLOW_ANIMATE_JS = """() => {
  const P = window.Plotly, animate = P.animate.bind(P);
  window.__animateCalls = [];
  window.__animatePending = 0;
  P.animate = (g, frames, opts) => {
    window.__animateCalls.push(frames ? frames[0] : null);
    window.__animatePending++;
    return new Promise(r => setTimeout(r, 1000)).then(() => animate(g, frames, opts))
      .finally(() => { window.__animatePending--; });
  };
}"""


def test_a_jump_that_lands_late_is_not_put_back(page: Page, app_url: str):
    """End on a slow machine: the jump lands long after the key press, and the console must
    not take it for a move nobody made (and put the line back where it was)."""
    _open(page, f"{app_url}/?preset=paper-gaussian&play=1")
    start = page.evaluate(PLAYED_JS)
    assert start < 1000
    page.evaluate(SLOW_ANIMATE_JS)
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.body.getAttribute('data-collapse-reveal') === '1'", timeout=TIMEOUT
    )
    assert _settled(page) == 1000
    calls = page.evaluate("() => window.__animateCalls")
    assert all(c in (None, "1000") for c in calls), f"the jump to the end was undone: {calls}"
    assert page.evaluate("() => document.body.getAttribute('data-collapse-reveal')") == "1"
