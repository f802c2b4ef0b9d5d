"""The teacher owns the room: a phone's link, edited or not, never shows the teacher's controls,
never sets the room's question, and cannot close the room or read the class's answers (AppTest,
answers in a temporary database)."""

from __future__ import annotations

import pytest
from test_classroom_room import SMALL, counts, histogram_of, open_app, start_room

from collapse_ui.classroom import answers, limits, projector, room

pytestmark = pytest.mark.app


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(answers.DATA_ENV, str(tmp_path))
    monkeypatch.delenv(room.PUBLIC_URL_ENV, raising=False)
    limits.reset_all()
    return tmp_path


def _teacher_controls(at) -> list[str]:
    keys = [getattr(b, "key", None) or "" for b in at.button]
    return [k for k in keys if ".room." in k]


@pytest.mark.parametrize(
    "edit",
    [
        {},  # the projector's own link, without phone=1
        {"phone": "0"},  # phone switched off by hand
        {"generations": "50", "seed": "9"},  # other settings: would be another question
        {"predict": "1", "play": "1"},  # the projector's flags
    ],
)
def test_a_student_who_edits_the_link_gets_the_phone_view_and_changes_nothing(edit):
    teacher, code = start_room()
    asked = answers.Store().current(code).key
    student = open_app({**SMALL, "room": code, **edit})
    assert not student.exception
    assert _teacher_controls(student) == []  # no "Close room", no "Start a new room"
    assert not student.get("plotly_chart")  # no histogram of the class's answers, no simulation
    assert not student.get("image")  # no QR code
    assert any("Your guess" in n.label for n in student.number_input)
    assert answers.Store().current(code).key == asked  # the question is still the teacher's
    teacher.run()
    assert not teacher.exception and "room" in teacher.query_params
    assert counts(histogram_of(teacher)) == [0] * projector.BINS


def test_a_student_cannot_close_or_reveal_through_the_store():
    _, code = start_room()
    q = answers.Store().current(code)
    guess = "0" * 32  # a student's made-up secret
    for attempt in (
        lambda s: s.close_room(code, secret=guess),
        lambda s: s.values(code, q.key),
        lambda s: s.values(code, q.key, secret=guess),
        lambda s: s.ask(code, q.key + "x", "?", low=0, high=1),
        lambda s: s.ask(code, q.key + "x", "?", low=0, high=1, secret=guess),
    ):
        with pytest.raises(answers.AnswerError, match="teacher"):
            attempt(answers.Store())
    assert answers.Store().current(code).key == q.key


def test_the_teachers_page_keeps_its_room_after_a_reload_through_its_cookie(monkeypatch):
    from collapse_ui.classroom import cookies

    jar: dict[str, str] = {}
    monkeypatch.setattr(cookies, "read", lambda: dict(jar))
    monkeypatch.setattr(cookies, "write", lambda name, value, **kw: jar.__setitem__(name, value))
    _, code = start_room()
    assert any(code in name or code in value for name, value in jar.items())
    again = open_app({**SMALL, "room": code})  # a new session of the same browser
    assert not again.exception and "gaussian.room.close" in _teacher_controls(again)
    jar.clear()
    stranger = open_app({**SMALL, "room": code})  # another browser
    assert _teacher_controls(stranger) == []
