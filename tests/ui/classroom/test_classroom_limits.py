"""Who a phone is and how fast one address may go: signed device ids, one answer per device per
question across reloads, and the per-address limits that stop a flood script (fresh sessions or
cleared cookies, and room-code guessing) before a class of thirty is locked out."""

from __future__ import annotations

import pytest
from test_classroom_room import counts, histogram_of, open_app, start_room

from collapse_ui.classroom import answers, cookies, devices, limits, room

pytestmark = pytest.mark.app

FLOOD = "203.0.113.66"  # the script's address
CLASS = [f"198.51.100.{i}" for i in range(30)]  # thirty phones, each its own address


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(answers.DATA_ENV, str(tmp_path))
    monkeypatch.delenv(room.PUBLIC_URL_ENV, raising=False)
    limits.reset_all()
    yield tmp_path
    limits.reset_all()


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_a_device_cookie_is_signed_and_a_forged_one_is_refused():
    key, other = b"k" * 32, b"o" * 32
    device, token = devices.mint(key)
    assert devices.verify(token, key) == device
    for bad in (
        devices.sign(device, other),
        device,
        f"{device}.",
        f"{device}.0000",
        f"{'f' * 16}.{token[-16:]}",
        None,
        5,
        "a.b.c",
        "x" * 500,
    ):
        assert devices.verify(bad, key) is None


def test_a_limiter_lets_a_burst_through_then_refills_at_its_rate():
    clock = Clock()
    lim = limits.Limiter(3, 0.5, clock=clock)
    assert [lim.spend("a") for _ in range(4)] == [True, True, True, False]
    assert lim.spend("b")  # per key
    clock.t += 1.9
    assert not lim.spend("a")
    clock.t += 0.2
    assert lim.spend("a") and not lim.spend("a")
    assert lim.wait_s("a") == pytest.approx(1.9)  # 0.05 left of a token, at 0.5 a second


def test_a_reload_does_not_answer_twice(monkeypatch):
    """The browser keeps the device cookie the page wrote; a reload (a new session) sends it."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(cookies, "read", lambda: dict(jar))
    monkeypatch.setattr(cookies, "write", lambda name, value, **kw: jar.__setitem__(name, value))
    teacher, code = start_room()
    teacher_cookies = dict(jar)
    jar.clear()  # the phone is another browser
    for guess in (25.0, 30.0, 35.0):  # send, reload, send again, reload, send again
        phone = open_app({"room": code, "phone": "1"})
        assert not phone.exception
        phone.number_input[0].set_value(guess)
        phone.button[0].click().run()
        assert any(f"Sent: **{guess:g}**" in s.value for s in phone.success)
    assert devices.COOKIE in jar
    jar.clear()
    jar.update(teacher_cookies)
    teacher.run()
    fig = histogram_of(teacher)
    assert sum(counts(fig)) == 1 and "35" in fig["layout"]["title"]["text"]


def test_a_flood_from_one_address_is_throttled_and_thirty_students_still_answer():
    _, code = start_room()
    shop = room.store()
    q = shop.current(code)
    sent = refused = 0
    for i in range(600):  # a script: a fresh session (no cookie) for every answer
        try:
            device, _ = room.new_device(shop, FLOOD)
            room.send(shop, code, q.key, device, float(i % 101), address=FLOOD)
            sent += 1
        except answers.AnswerError as exc:
            assert "Too many new phones" in str(exc)
            refused += 1
    assert sent == limits.NEW_DEVICES.capacity and refused == 600 - sent
    for address in CLASS:
        device, _ = room.new_device(shop, address)
        for guess in (10.0, 20.0, 30.0):  # each changes its mind twice
            assert "Sent" in room.send(shop, code, q.key, device, guess, address=address)
    assert shop.count(code, q.key) == sent + 30 < answers.MAX_PER_QUESTION


def test_a_class_of_thirty_behind_one_school_address_is_never_throttled():
    _, code = start_room()
    shop = room.store()
    q = shop.current(code)
    for _ in range(30):
        device, _ = room.new_device(shop, "192.0.2.1")
        for guess in (10.0, 20.0, 30.0):
            room.send(shop, code, q.key, device, guess, address="192.0.2.1")
    assert shop.count(code, q.key) == 30


def test_room_codes_cannot_be_walked_from_one_address():
    _, code = start_room()
    shop = room.store()
    wrong = 0
    for i in range(200):
        guess = "".join(answers.ALPHABET[(i * 7 + j) % 24] for j in range(answers.CODE_LENGTH))
        if guess == code:
            continue
        with pytest.raises(answers.AnswerError) as info:
            room.lookup(shop, guess, FLOOD)
        wrong += "not open" in str(info.value)
    assert wrong == limits.CODE_GUESSES.capacity  # then every code is refused, the right one too
    with pytest.raises(answers.AnswerError, match="Too many room codes"):
        room.lookup(shop, code, FLOOD)
    assert room.lookup(shop, code, CLASS[0]) is not None  # the class is not affected


def test_the_phone_page_says_when_codes_were_guessed_too_often():
    for _ in range(int(limits.CODE_GUESSES.capacity)):
        assert limits.CODE_GUESSES.spend("local")
    phone = open_app({"room": "ZZZZZZ", "phone": "1"})
    assert not phone.exception and "Too many room codes" in phone.error[0].value
