"""A class that answers: what the teacher's projector (projector.py) and the phones (phone.py)
share: the store, who owns a room, who a phone is, the phones' link and the one path an answer
takes.

    projector: ...?room=ABCDEF            (the teacher's browser: it holds the room's secret)
    phone:     ...?room=ABCDEF&phone=1    (the question and a box; no simulation runs on it)

The teacher's browser is the one that opened the room: it keeps the room's secret in its session
and in a cookie (so a reload or a new tab stays the teacher's), never in a link. Any other
browser that opens a room link, with `phone=1` or without, gets the phone's view. A phone is a
device: a signed id in a cookie (devices.py), handed out at a limited rate per address (limits.py).
"""

from __future__ import annotations

import io
import ipaddress
import os
from urllib.parse import urlencode

import streamlit as st

from collapse_ui import public_url
from collapse_ui.classroom import cookies, devices, limits
from collapse_ui.classroom.answers import AnswerError, StorageError, Store, check_code, default_path

DEVICE_KEY = "_classroom.device"
OWNERS_KEY = "_classroom.owners"  # {room code: secret} of the rooms this session opened
OWNER_COOKIE = "collapse_room_"  # + the code: the teacher's secret for that room
OWNER_MAX_AGE_S = 7 * 24 * 3600
PUBLIC_URL_ENV = public_url.ENV  # the app's address as phones reach it (not localhost)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    """The app's answers store (its file from $COLLAPSE_DATA_DIR, read on every call)."""
    return _store(str(default_path()))


# ---------------------------------------------------------------- the teacher


def owner_secret(code: str) -> str | None:
    """The secret this browser holds for room `code`, if it opened it: the session's, else the
    cookie's when the store confirms it (or cannot say: a room lost with its database file)."""
    held = st.session_state.get(OWNERS_KEY, {}).get(code)
    if held:
        return held
    claimed = cookies.read().get(OWNER_COOKIE + code)
    if not claimed:
        return None
    try:
        owns = store().owns(code, claimed)
    except AnswerError:
        owns = None
    if owns is False:
        return None
    remember_owner(code, claimed, cookie=False)
    return claimed


def remember_owner(code: str, secret: str, *, cookie: bool = True) -> None:
    st.session_state.setdefault(OWNERS_KEY, {})[code] = secret
    if cookie:  # called from the Start button's callback
        cookies.later(OWNER_COOKIE + code, secret, max_age_s=OWNER_MAX_AGE_S)


def forget_owner(code: str) -> None:
    st.session_state.get(OWNERS_KEY, {}).pop(code, None)
    cookies.later(OWNER_COOKIE + code, "", max_age_s=0)


# ---------------------------------------------------------------- the phones


def client_address() -> str:
    """The phone's network address for the rate limits: the connection's, or behind a proxy on
    this machine the first X-Forwarded-For / X-Real-IP entry; "local" when there is none."""
    try:
        ip = st.context.ip_address
        headers = st.context.headers
    except Exception:  # no client context (AppTest)
        return "local"
    if not isinstance(ip, str) or _loopback(ip):  # (AppTest's context is a mock: not a str)
        forwarded = (
            headers.get("X-Forwarded-For") or headers.get("X-Real-Ip")
            if isinstance(ip, str) or ip is None
            else ""
        )
        forwarded = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else ""
        return forwarded[:64] or "local"
    return ip[:64]


def _loopback(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def known_device(shop: Store) -> str | None:
    """This browser's device id: the session's, else a valid cookie's (None while the store
    cannot be read: the key that signs ids lives there)."""
    if DEVICE_KEY in st.session_state:
        return st.session_state[DEVICE_KEY]
    token = cookies.read().get(devices.COOKIE)
    if not token:
        return None
    try:
        device_id = devices.verify(token, shop.server_key())
    except AnswerError:
        return None
    if device_id is not None:
        st.session_state[DEVICE_KEY] = device_id
    return device_id


def new_device(shop: Store, address: str) -> tuple[str, str]:
    """A new device id and its cookie, at most limits.NEW_DEVICES per address."""
    key = shop.server_key()  # first: a failing store must not spend the address's allowance
    if not limits.NEW_DEVICES.spend(address):
        raise AnswerError(
            f"Too many new phones from this network just now; try again in "
            f"{limits.NEW_DEVICES.wait_s(address):.0f} s."
        )
    return devices.mint(key)


def device(shop: Store, address: str) -> str:
    """This browser's device, made (and its cookie written) on its first answer."""
    known = known_device(shop)
    if known is not None:
        return known
    made, token = new_device(shop, address)  # StorageError without a database: the answer waits
    st.session_state[DEVICE_KEY] = made
    cookies.write(devices.COOKIE, token, max_age_s=devices.MAX_AGE_S)
    return made


def lookup(shop: Store, code: str, address: str):
    """The room's current question for a phone. Wrong codes are counted per address: past
    limits.CODE_GUESSES every code not yet joined is refused, so codes cannot be walked."""
    joined = st.session_state.setdefault("_classroom.joined", set())
    if code not in joined and not limits.CODE_GUESSES.allows(address):
        raise AnswerError(
            f"Too many room codes tried from this network; try again in "
            f"{limits.CODE_GUESSES.wait_s(address):.0f} s."
        )
    try:
        question = shop.current(code)
    except StorageError:
        raise
    except AnswerError:
        limits.CODE_GUESSES.spend(address)
        raise
    joined.add(code)
    return question


def send(shop: Store, code: str, key: str, device_id: str, value, *, address: str = "local") -> str:
    """What a phone's Send does: store the guess, return the confirmation (or raise AnswerError
    with what to show). The one path every phone's answer takes."""
    if not limits.ANSWERS.spend(address):
        raise AnswerError(
            f"Too many answers from this network just now; try again in "
            f"{limits.ANSWERS.wait_s(address):.0f} s."
        )
    number = shop.submit(code, key, device_id, value)
    return f"Sent: **{number:g}**. Watch the projector. You can change your answer."


# ---------------------------------------------------------------- the link


def phone_link(base_url: str | None, url_path: str, code: str, *, default: bool = False) -> str:
    """The link the QR code holds: the page's address, the room and the phone flag (short, so
    the code stays coarse enough to scan from the back of a room). The app's default page is
    linked at the root: Streamlit serves it at "/" only, and "/gaussian" opens with a "Page not
    found" dialog over the phone's answer box in every session that resolves pages by name."""
    base = (os.environ.get(PUBLIC_URL_ENV) or base_url or "http://localhost:8501").split("?", 1)[0]
    base = base.split("#", 1)[0].rstrip("/")
    if default:
        base = base.removesuffix("/" + url_path)
        return f"{base}/?{urlencode({'room': code, 'phone': '1'})}"
    if not base.endswith("/" + url_path):
        base = f"{base}/{url_path}"
    return f"{base}?{urlencode({'room': code, 'phone': '1'})}"


def qr_svg(text: str) -> str:
    """A QR code of `text` as an SVG document, black on its own white ground (a dark projector
    theme must not make it unreadable); pure Python: qrcode's SVG path factory, no PIL."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    out = io.BytesIO()
    img.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


__all__ = [
    "AnswerError",
    "StorageError",
    "check_code",
    "device",
    "lookup",
    "owner_secret",
    "phone_link",
    "qr_svg",
    "send",
    "store",
]
