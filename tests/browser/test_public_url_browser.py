"""Phones can reach the room: the QR code on the teacher's screen, read from its pixels, holds
an address that is not this machine's loopback, and a phone that follows it answers."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_waits import TIMEOUT, wait_idle
from conftest import serve_app
from playwright.sync_api import Browser, Page, expect
from qr_reading import decode_qr_on_page

from collapse_ui import public_url

pytestmark = pytest.mark.browser

QUERY = "/?sample_size=100&generations=100&replicates=50"


def _open_room(page: Page, url: str) -> str:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(url + QUERY)
    wait_idle(page)
    page.get_by_role("button", name="Start a class room").click()
    expect(page.get_by_text("Answer on your phone")).to_be_visible(timeout=TIMEOUT)
    return decode_qr_on_page(page)


def test_on_loopback_the_qr_holds_the_lan_address_and_the_teacher_is_told(
    page: Page, tmp_path, monkeypatch, artifacts
):
    lan = public_url.lan_address()
    if lan is None:
        pytest.skip("this machine has no network address")
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(public_url.ENV, raising=False)
    with serve_app() as url:
        decoded = _open_room(page, url)
        parts = urlsplit(decoded)
        assert parts.hostname == lan and not public_url.is_loopback(parts.hostname)
        assert parts.port == urlsplit(url).port
        assert "phone=1" in parts.query and "room=" in parts.query
        expect(page.get_by_text("Phones cannot reach localhost")).to_be_visible()
        expect(page.get_by_text("make classroom")).to_be_visible()
        page.screenshot(path=str(artifacts / "public_url_loopback_warning_1920.png"))


def test_served_on_a_network_address_a_phone_follows_the_qr_and_answers(
    page: Page, browser: Browser, tmp_path, monkeypatch, artifacts
):
    lan = public_url.lan_address()
    if lan is None:
        pytest.skip("this machine has no network address")
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(public_url.ENV, raising=False)
    with serve_app(address=lan) as url:
        decoded = _open_room(page, url)
        assert urlsplit(decoded).hostname == lan
        expect(page.get_by_text("Phones cannot reach localhost")).to_have_count(0)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        try:
            p = phone.new_page()
            p.goto(decoded)
            box = p.get_by_label("Your guess (%)")
            expect(box).to_be_visible(timeout=TIMEOUT)
            box.fill("40")
            p.get_by_role("button", name="Send").click()
            expect(p.get_by_text("Sent: 40")).to_be_visible(timeout=TIMEOUT)
        finally:
            phone.close()
        expect(page.locator(".gtitle", has_text="1 answer")).to_have_count(1, timeout=TIMEOUT)


def test_the_public_url_setting_is_what_the_qr_holds(page: Page, tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(public_url.ENV, "https://class.example.org/explorer")
    with serve_app() as url:
        decoded = _open_room(page, url)
        assert decoded.startswith("https://class.example.org/explorer/?room=")
        expect(page.get_by_text("Phones cannot reach localhost")).to_have_count(0)
