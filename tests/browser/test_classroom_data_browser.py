"""The class's own data in a real browser (Debian chromium via Playwright): the teacher opens a
room and switches it to collecting data, two phones (contexts of their own, 390x844) send a
height each, one after a refused value, and the projector counts two and stores them."""

from __future__ import annotations

import pytest
from conftest import serve_app
from playwright.sync_api import Browser, Page, expect

from collapse_core.userdata.store import Store
from collapse_ui import public_url

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BOX = "Your answer (50 to 250 cm)"


@pytest.fixture
def data_app_url(tmp_path, monkeypatch):
    """A server of its own, with the answers and data sets in a temporary folder."""
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COLLAPSE_PUBLIC_URL", raising=False)
    # Served on the machine's LAN address when it has one: the phone link names the address
    # phones can reach, never loopback (collapse_ui.public_url).
    with serve_app(address=public_url.lan_address() or "127.0.0.1") as url:
        yield url


def phone_sends(browser: Browser, link: str, *typed: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        p = context.new_page()
        p.goto(link)
        expect(p.get_by_text("Your height in cm")).to_be_visible(timeout=60_000)
        for text in typed[:-1]:  # refused values: a message, the box keeps the text
            p.get_by_label(BOX).fill(text)
            p.get_by_role("button", name="Send").click()
            expect(p.get_by_text("not a number")).to_be_visible(timeout=30_000)
            expect(p.get_by_label(BOX)).to_have_value(text)
        p.get_by_label(BOX).fill(typed[-1])
        p.get_by_role("button", name="Send").click()
        expect(p.get_by_text("Your answer is in the class's data")).to_be_visible(timeout=30_000)
        expect(p.get_by_text(f"{typed[-1]} cm", exact=True)).to_be_visible()
    finally:
        context.close()


def test_two_phones_send_their_heights_and_the_teacher_uses_them(
    page: Page, browser: Browser, data_app_url: str, tmp_path, artifacts
):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{data_app_url}/?sample_size=100&generations=100&replicates=50")
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_role("button", name="Start a class room").click()
    expect(page.get_by_text("Answer on your phone")).to_be_visible(timeout=60_000)
    page.get_by_test_id("stRadio").get_by_text("data", exact=True).click()
    expect(page.get_by_text("Collecting the class's data")).to_be_visible(timeout=60_000)
    link = page.get_by_text("phone=1").first.inner_text().replace("\n", "")
    phone_sends(browser, link, "165")
    phone_sends(browser, link, "tall", "172")
    metric = page.get_by_test_id("stMetric").filter(has_text="Values sent")
    expect(metric).to_contain_text("2", timeout=30_000)  # the fragment refreshes by itself
    page.get_by_role("button", name="Use the class's data").click()
    expect(page.get_by_text("The page's truth is now the class's data: 2 values")).to_be_visible(
        timeout=60_000
    )
    page.screenshot(path=str(artifacts / "classroom_data_projector_1920.png"))
    stored = list((tmp_path / "userdata").glob("*.json"))
    assert len(stored) == 1
    kept = Store(tmp_path / "userdata").get(stored[0].stem)
    assert kept is not None and list(kept.numeric("value")) == [165.0, 172.0]
