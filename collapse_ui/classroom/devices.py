"""Device ids for the phones: a random id with an HMAC of the server's key, kept in a cookie.

One answer per device per question: a reload or a new tab sends the cookie back and is the same
device. The signature means a script cannot invent ids; it must ask the server for each new one,
and the server hands them out at a limited rate per network address (limits.py). Clearing the
cookie makes a new device, which the same limit bounds.

Limit: the cookie is written by the page's JavaScript (Streamlit 1.67 cannot set a cookie from
the server), so it is not HttpOnly; it holds no secret of the person, only the id and its tag.
"""

from __future__ import annotations

import hashlib
import hmac

from collapse_ui.classroom.answers import new_device_id

COOKIE = "collapse_device"
MAX_AGE_S = 30 * 24 * 3600
_TAG = 16  # hex characters of the HMAC kept


def sign(device: str, key: bytes) -> str:
    """The cookie's value: the id and its tag."""
    tag = hmac.new(key, device.encode(), hashlib.sha256).hexdigest()[:_TAG]
    return f"{device}.{tag}"


def verify(token, key: bytes) -> str | None:
    """The device id a cookie carries, or None if it is missing, malformed or not ours."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 100:
        return None
    device = token.split(".")[0]
    if not device or not hmac.compare_digest(sign(device, key), token):
        return None
    return device


def mint(key: bytes) -> tuple[str, str]:
    """A new device: (id, cookie value)."""
    device = new_device_id()
    return device, sign(device, key)
