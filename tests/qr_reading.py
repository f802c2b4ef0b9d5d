"""Read the class room's QR code off the teacher's screen as a phone's camera would: a
screenshot of the picture on the page, decoded by zxing-cpp (a requirement of the tests)."""

from __future__ import annotations

import io

import pytest


def decode_qr_on_page(page) -> str:
    """The text of the one QR code in the room panel, read from its pixels on screen."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    picture = page.locator(".st-key-room_panel [data-testid='stImage'] img").first
    picture.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(picture.screenshot())).convert("L")
    found = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 1, f"expected one QR code on screen, decoded {found}"
    return found[0]
