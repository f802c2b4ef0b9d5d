"""End to end in a real browser: build the slide pack, download it, and download one chart's SVG.

AppTest cannot press a download button or see st.context.url; this checks both in Chromium.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import pytest
from browser_waits import IDLE, TIMEOUT
from playwright.sync_api import Page, expect

from collapse_ui.exporting import renderer

pytestmark = pytest.mark.browser


def test_slide_pack_and_svg_download_in_the_browser(page: Page, app_url: str, artifacts):
    if not renderer.available():
        pytest.skip("PNG/SVG export needs chromium")
    page.set_viewport_size({"width": 1600, "height": 1200})
    page.goto(f"{app_url}/?generations=50&replicates=50&seed=3")
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=TIMEOUT)
    page.wait_for_selector(IDLE, timeout=TIMEOUT)
    # The permalink is built from the page's own address and carries the settings.
    expect(page.get_by_text("generations=50").first).to_be_visible()

    page.get_by_role("button", name="Build the slide pack").click()
    download_button = page.get_by_role("button", name="Download the ZIP")
    expect(download_button).to_be_visible(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        download_button.click()
    data = open(info.value.path(), "rb").read()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sum(n.startswith("png/") for n in names) == 5 and sum(n.startswith("svg/") for n in names) == 5
    assert any(n.endswith(".html") for n in names) and "config.json" in names
    page.screenshot(path=str(artifacts / "browser_export_panel.png"), full_page=True)

    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="SVG").first.click()
    assert info.value.suggested_filename.startswith("gaussian_M100_G50_")
    root = ElementTree.parse(info.value.path()).getroot()
    assert root.tag.endswith("svg")
