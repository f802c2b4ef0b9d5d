"""A class that answers, in a real browser (Debian chromium via Playwright): the teacher starts a
room at 1920x1080, a phone at 390x844 opens the QR code's link and sends a guess, and the
projector's histogram counts it. Screenshots under test-artifacts/."""

from __future__ import annotations

import pytest
from conftest import serve_app
from playwright.sync_api import Browser, Page, expect

from collapse_ui import public_url

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@pytest.fixture
def room_app_url(tmp_path, monkeypatch):
    """A server of its own, with the answers in a temporary folder, on this machine's network
    address when it has one (what phones reach: the room's link is the teacher's address)."""
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COLLAPSE_PUBLIC_URL", raising=False)
    with serve_app(address=public_url.lan_address() or "127.0.0.1") as url:
        yield url


def test_a_phone_answers_and_the_projector_counts_it(
    page: Page, browser: Browser, room_app_url: str, artifacts
):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{room_app_url}/?sample_size=100&generations=100&replicates=50")
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_role("button", name="Start a class room").click()
    expect(page.get_by_text("Answer on your phone")).to_be_visible(timeout=60_000)
    link = page.get_by_text("phone=1").first.inner_text().replace("\n", "")
    assert link.startswith(room_app_url + "/?room=") and link.endswith("&phone=1")
    expect(page.locator(".gtitle", has_text="0 answers")).to_have_count(1, timeout=30_000)
    # A reload of the teacher's page keeps the room's controls (its secret is in a cookie).
    page.wait_for_function("document.cookie.includes('collapse_room_')", timeout=30_000)
    page.reload()
    expect(page.get_by_role("button", name="Close room")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Answer on your phone")).to_be_visible(timeout=60_000)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        p = phone.new_page()
        p.goto(link)
        box = p.get_by_label("Your guess (%)")
        expect(box).to_be_visible(timeout=60_000)
        expect(p.get_by_text("Page not found")).to_have_count(0)
        expect(p.locator(".js-plotly-plot")).to_have_count(0)  # no simulation on a phone
        box.fill("25")
        p.get_by_role("button", name="Send").click()
        expect(p.get_by_text("Sent: 25")).to_be_visible(timeout=30_000)
        p.screenshot(path=str(artifacts / "classroom_room_phone_390.png"))
        # A reload is the same phone (its signed device cookie): a second answer replaces the first.
        p.wait_for_function("document.cookie.includes('collapse_device=')", timeout=30_000)
        p.reload()
        box = p.get_by_label("Your guess (%)")
        expect(box).to_be_visible(timeout=60_000)
        box.fill("30")
        p.get_by_role("button", name="Change my answer").click()  # it knows this phone answered
        expect(p.get_by_text("Sent: 30")).to_be_visible(timeout=30_000)
        # The projector's own link without phone=1, on the phone: still the phone's view.
        p.goto(link.replace("&phone=1", ""))
        expect(p.get_by_label("Your guess (%)")).to_be_visible(timeout=60_000)
        expect(p.get_by_role("button", name="Close room")).to_have_count(0)
    finally:
        phone.close()

    # The projector's histogram refreshes by itself (st.fragment(run_every=...)).
    expect(page.locator(".gtitle", has_text="1 answer")).to_have_count(1, timeout=30_000)
    expect(page.locator(".gtitle", has_text="median 30")).to_have_count(1)
    # The answer waits for the teacher's reveal (spoilers.py), then shows in the histogram.
    expect(page.locator(".gtitle", has_text="simulation")).to_have_count(0)
    page.get_by_role("button", name="Reveal the answer").click()
    expect(page.locator(".gtitle", has_text="simulation")).to_have_count(1, timeout=30_000)
    page.screenshot(path=str(artifacts / "classroom_room_projector_1920.png"))


def test_an_unknown_page_says_so_and_shows_the_main_page(page: Page, app_url: str, artifacts):
    """Streamlit's own notice (st.navigation): a "Page not found" dialog over the main page,
    whose settings still come from the link."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/no_such_page?generations=50&utm_source=x")
    expect(page.get_by_text("Page not found")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="A bell curve fitted to its own samples")).to_be_visible(
        timeout=60_000
    )
    page.wait_for_selector(IDLE, timeout=60_000)
    expect(page.get_by_test_id("stAlert")).to_have_count(0)  # the tracking key passes without a warning
    page.screenshot(path=str(artifacts / "no_such_page.png"))
