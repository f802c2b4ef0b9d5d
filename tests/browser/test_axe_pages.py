"""axe-core (the copy bundled with axe-playwright-python) in Debian's chromium on every page at
its defaults, a preset, presentation mode, the class room's phone page, in light and dark: no
violation of impact serious or critical, except the framework findings listed by rule and
selector in axe_allowlist.py. One server and one browser for the whole file."""

from __future__ import annotations

import os
import re

import pytest
from axe_allowlist import allowed
from axe_playwright_python.base import AXE_SCRIPT
from browser_waits import TIMEOUT, wait_charts_drawn, wait_idle, wait_still
from conftest import serve_app
from playwright.sync_api import Browser, Page, expect

from collapse_ui import public_url, registry

pytestmark = pytest.mark.browser

SEVERE = ("serious", "critical")
# WCAG 2.0-2.2 A and AA (what schools are bound to), plus axe's best practices for landmarks.
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}

NO_TRANSITION = (
    "() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running')"
)
PAGES = [p.url_path for p in registry.nav_pages()]
STATES = [
    *((path, "") for path in PAGES),
    ("gaussian", "preset=paper-gaussian"),
    ("gaussian", "present=1"),
]


def open_state(browser: Browser, url: str, scheme: str, viewport=(1280, 900)) -> Page:
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    if "theme=" in url:  # the flag applies Streamlit's theme through one reload with embed_options
        expect(page).to_have_url(re.compile(r"embed_options=\w+_theme"), timeout=TIMEOUT)
    wait_idle(page)
    if page.locator(".js-plotly-plot").count():
        wait_charts_drawn(page)
    wait_still(page)
    settle(page)  # a rerun fades the page (stale elements at low opacity): never measure one
    return page


# Armed before each measurement: set when the page leaves its settled state while axe reads it (a
# rerun marks elements stale and fades them; any CSS transition starts).
ARM_UNSETTLED = """() => {
  window.__mceUnsettled = false;
  if (window.__mceWatch) return;
  window.__mceWatch = new MutationObserver((ms) => {
    if (ms.some((m) => m.target.getAttribute && m.target.getAttribute('data-stale') === 'true')) {
      window.__mceUnsettled = true;
    }
  });
  window.__mceWatch.observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-stale']});
  document.addEventListener('transitionrun', () => { window.__mceUnsettled = true; }, true);
}"""


def settle(page: Page) -> None:
    """Idle, nothing stale, no mutation for a while, and no CSS transition running (a stale
    element fades back in through one: measured mid-way, faded text fails contrast)."""
    wait_idle(page)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=TIMEOUT)
    wait_still(page)
    page.wait_for_function(NO_TRANSITION, timeout=TIMEOUT)


def settled_findings(page: Page, attempts: int = 3) -> list[str]:
    """The findings of a measurement during which the page stayed settled: one that overlapped a
    rerun (faded, stale text) is taken again, up to `attempts` times. A finding of the settled
    page itself shows in every measurement, so it still fails the test."""
    for _ in range(attempts):
        page.evaluate(ARM_UNSETTLED)
        found = severe_findings(page)
        if not page.evaluate("() => window.__mceUnsettled"):
            return found
        settle(page)
    return found


def severe_findings(page: Page) -> list[str]:
    """Every serious/critical axe finding not on the allow-list, one line each, in the page and
    in its same-origin frames (the player's bar, the presenter console)."""
    found = []
    for frame in page.frames:
        try:
            frame.evaluate(AXE_SCRIPT)
            result = frame.evaluate("(o) => axe.run(document, o)", OPTIONS)
        except Exception as exc:  # a cross-origin or detached frame has nothing of ours
            if "detached" in str(exc) or "cross-origin" in str(exc).lower():
                continue
            raise
        for v in result["violations"]:
            if v["impact"] not in SEVERE:
                continue
            for node in v["nodes"]:
                target = " ".join(map(str, node["target"]))
                if not allowed(v["id"], target):
                    where = "" if frame is page.main_frame else f" [frame {frame.url[:80]}]"
                    found.append(f"{v['id']} ({v['impact']}){where} {target}: {node['html'][:160]}")
    return found


@pytest.fixture(scope="module")
def axe_url(tmp_path_factory):
    """One server for the file, its class rooms in a temporary folder."""
    saved = os.environ.get("COLLAPSE_DATA_DIR")
    os.environ["COLLAPSE_DATA_DIR"] = str(tmp_path_factory.mktemp("rooms"))
    try:
        # On the LAN address when the machine has one: the room's phone link names the address
        # phones can reach, never loopback (collapse_ui.public_url).
        with serve_app(address=public_url.lan_address() or "127.0.0.1") as url:
            yield url
    finally:
        if saved is None:
            os.environ.pop("COLLAPSE_DATA_DIR", None)
        else:
            os.environ["COLLAPSE_DATA_DIR"] = saved


@pytest.fixture(scope="module")
def phone_link(browser: Browser, axe_url: str) -> str:
    """A class room's phone link: the teacher starts a room on the Gaussian page."""
    page = open_state(browser, f"{axe_url}/?sample_size=100&generations=100&replicates=50", "light")
    try:
        page.get_by_role("button", name="Start a class room").click()
        expect(page.get_by_text("Answer on your phone")).to_be_visible(timeout=TIMEOUT)
        return page.get_by_text("phone=1").first.inner_text().replace("\n", "")
    finally:
        page.context.close()


def open_phone(browser: Browser, link: str, scheme: str, zoom: float = 1.0) -> Page:
    """The phone page at 390x844 CSS px; `zoom` 2 is a 200% browser zoom (half the CSS px)."""
    size = {"width": round(390 / zoom), "height": round(844 / zoom)}
    context = browser.new_context(
        viewport=size, device_scale_factor=2 * zoom, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_label("Your guess (%)")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    wait_still(page)
    return page


# Not in make test yet (make test-a11y): on a busy machine a few states intermittently report
# caption contrast and the sidebar's focus stop, and pass when measured again.
@pytest.mark.axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "query"), STATES)
def test_no_serious_or_critical_axe_findings(browser: Browser, axe_url: str, path, query, scheme):
    page = open_state(browser, f"{axe_url}/{path}?{query}", scheme)  # the browser's theme preference
    try:
        found = settled_findings(page)
        assert not found, "\n".join(found)
    finally:
        page.context.close()


@pytest.mark.parametrize("zoom", [1.0, 2.0])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phone_page_passes_axe_and_its_targets_are_24px(browser: Browser, phone_link, scheme, zoom):
    page = open_phone(browser, phone_link, scheme, zoom)
    try:
        found = settled_findings(page)
        assert not found, "\n".join(found)
        small = page.evaluate(SMALL_TARGETS_JS)
        assert small == [], small
        # Nothing needs sideways scrolling at 390 CSS px, or at 200% zoom (WCAG reflow).
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        page.context.close()


# Buttons, inputs and links the phone shows that are smaller than 24x24 CSS px (WCAG 2.5.8).
SMALL_TARGETS_JS = """() => [...document.querySelectorAll('button, input, a[href], [role="button"]')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([, r]) => r.width > 1 && (r.width < 24 || r.height < 24))  // 1 px: a skip link until focused
  .map(([e, r]) => `${e.tagName} ${e.getAttribute('aria-label') || e.innerText.slice(0, 30)} ${r.width}x${r.height}`)"""
