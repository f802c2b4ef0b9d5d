"""A class that answers: the teacher's room (QR code, live histogram) and the phones' view, through
AppTest, with the answers in a temporary database ($COLLAPSE_DATA_DIR)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from collapse_ui.classroom import answers, limits, projector, room
from collapse_ui.families import categorical as vocabulary
from collapse_ui.families import gaussian

ROOT = Path(__file__).resolve().parents[3]
SMALL = {"sample_size": "100", "generations": "100", "replicates": "50", "seed": "3"}


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(answers.DATA_ENV, str(tmp_path))
    monkeypatch.delenv(room.PUBLIC_URL_ENV, raising=False)
    limits.reset_all()
    return tmp_path


def open_app(query: dict[str, str], page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    return at.run()


def histogram_of(at: AppTest) -> dict:
    for el in at.get("plotly_chart"):
        fig = json.loads(el.proto.spec)
        if fig["layout"]["xaxis"].get("title", {}).get("text", "").startswith("guess"):
            return fig
    raise AssertionError("no histogram of guesses on the page")


def counts(fig: dict) -> list[int]:
    from conftest import decode

    return [int(c) for c in decode(fig["data"][0]["y"])]


def start_room(query: dict[str, str] = SMALL) -> tuple[AppTest, str]:
    teacher = open_app(query)
    teacher.button(key="gaussian.room.start").click().run()
    assert not teacher.exception
    return teacher, teacher.query_params["room"]


# ---------------------------------------------------------------- pure parts


def test_phone_link_is_the_page_with_the_room_and_the_phone_flag(monkeypatch):
    link = room.phone_link("http://10.0.0.5:8501/", "gaussian", "ABCDEF")
    assert link == "http://10.0.0.5:8501/gaussian?room=ABCDEF&phone=1"
    assert (
        room.phone_link("https://x.org/app/vocabulary", "vocabulary", "WXYZWX")
        == "https://x.org/app/vocabulary?room=WXYZWX&phone=1"
    )
    # The default page is served at the root only (at /gaussian Streamlit opens a "Page not found" dialog).
    assert (
        room.phone_link("http://10.0.0.5:8501/gaussian", "gaussian", "ABCDEF", default=True)
        == "http://10.0.0.5:8501/?room=ABCDEF&phone=1"
    )
    monkeypatch.setenv(room.PUBLIC_URL_ENV, "https://class.example.org")
    assert (
        room.phone_link("http://localhost:8501/gaussian", "gaussian", "ABCDEF")
        == "https://class.example.org/gaussian?room=ABCDEF&phone=1"
    )


def test_qr_code_is_an_svg_without_pil():
    svg = room.qr_svg("http://10.0.0.5:8501/gaussian?room=ABCDEF&phone=1")
    assert svg.startswith("<svg") and "<path" in svg and svg.rstrip().endswith("</svg>")
    assert '<rect fill="white"' in svg  # its own white ground: scannable on a dark projector too


def test_histogram_counts_every_guess_and_clips_none_away():
    q = gaussian.QUESTION
    fig = projector.histogram([0, 0, 5, 99.9, 100, 50], q, truth=36.6)
    assert sum(fig.data[0].y) == 6 and fig.data[0].y[0] == 2 and fig.data[0].y[-1] == 2
    assert "6 answers" in fig.layout.title.text
    assert "simulation 36.6%" in fig.layout.title.text and "class median 27.5%" in fig.layout.title.text
    assert [s.x0 for s in fig.layout.shapes] == [27.5, 36.6]
    hidden = projector.histogram([10], q, truth=None)
    assert "simulation" not in hidden.layout.title.text and len(hidden.layout.shapes) == 1
    assert hidden.layout.title.text.startswith("1 answer ")


# ---------------------------------------------------------------- the views


def test_teacher_starts_a_room_and_the_projector_shows_code_qr_and_an_empty_histogram():
    teacher, code = start_room()
    assert len(code) == answers.CODE_LENGTH and set(code) <= set(answers.ALPHABET)
    assert any(f"room **{code}**" in m.value for m in teacher.markdown)
    assert teacher.get("image"), "the QR code"
    link = next(c.value for c in teacher.caption if "phone=1" in c.value)
    assert parse_qs(urlsplit(link).query) == {"room": [code], "phone": ["1"]}
    assert counts(histogram_of(teacher)) == [0] * projector.BINS
    assert not teacher.warning and not teacher.error
    # The room's current question is the projector's configuration.
    q = answers.Store().current(code)
    assert (
        q.key
        == answers.question_key("gaussian", gaussian.config_from(gaussian.PAGE.values_from_query(SMALL)))
        and "100 generations" in q.text
    )


def test_phone_view_shows_the_question_and_sends_a_guess_that_the_projector_counts():
    teacher, code = start_room()
    phone = open_app({"room": code, "phone": "1"})
    assert not phone.exception and not phone.warning
    assert not phone.title and not phone.get("plotly_chart") and not phone.sidebar.children
    assert any("what share of the true variance" in m.value for m in phone.markdown)
    phone.number_input[0].set_value(42.0)
    phone.button[0].click().run()
    assert any("Sent: **42**" in s.value for s in phone.success)
    assert dict(phone.query_params) == {"room": code, "phone": "1"}  # the short link stays short
    phone.number_input[0].set_value(10.0)
    phone.button[0].click().run()  # a second answer replaces the first
    teacher.run()
    fig = histogram_of(teacher)
    assert sum(counts(fig)) == 1 and "1 answer" in fig["layout"]["title"]["text"]


def test_thirty_phones_answer_and_the_histogram_counts_all_thirty():
    teacher, code = start_room()
    q = answers.Store().current(code)
    shop = room.store()
    guesses = [(i * 37) % 101 for i in range(30)]
    for g in guesses:  # 30 phones, each its own session id, through the Send button's path
        assert "Sent" in room.send(shop, code, q.key, answers.new_device_id(), float(g))
    teacher.run()
    fig = histogram_of(teacher)
    assert sum(counts(fig)) == 30 and "30 answers" in fig["layout"]["title"]["text"]
    assert counts(fig)[0] == sum(g < 5 for g in guesses)


def _held_back(at: AppTest, kind: str) -> list[bool]:
    from test_presenter import _blocks_holding

    from collapse_ui.classroom import stage

    return [stage.HELD_KEY in path for path in _blocks_holding(at, kind)]


@pytest.mark.parametrize("extra", [{}, {"predict": "1"}])
def test_a_rooms_answer_waits_for_the_teachers_reveal(extra):
    """While the room collects answers, no headline, theory value or simulation line is shown
    (predict or not: in a room the room's question is the prediction); the teacher's reveal
    shows them all."""
    teacher, _ = start_room({**SMALL, **extra})
    assert "simulation" not in histogram_of(teacher)["layout"]["title"]["text"]
    assert not teacher.get("button") or not any(b.key == "gaussian.predict.skip" for b in teacher.button), (
        "one question: the room's"
    )
    held = _held_back(teacher, "metric")
    assert held and all(held), "every headline is held back"
    teacher.button(key="gaussian.room.reveal").click().run()
    assert "simulation" in histogram_of(teacher)["layout"]["title"]["text"]
    assert not any(_held_back(teacher, "metric"))
    assert not any(b.key == "gaussian.room.reveal" for b in teacher.button)


def test_a_changed_setting_is_a_new_question_and_hides_the_answer_again():
    teacher, _ = start_room()
    teacher.button(key="gaussian.room.reveal").click().run()
    assert "simulation" in histogram_of(teacher)["layout"]["title"]["text"]
    teacher.slider(key="gaussian.generations").set_value(50).run()
    assert "simulation" not in histogram_of(teacher)["layout"]["title"]["text"]


def test_while_playing_the_simulations_value_waits_among_the_held_back_results():
    from test_presenter import _blocks_holding

    from collapse_ui.classroom import console

    teacher, _ = start_room({**SMALL, "play": "1"})
    assert "simulation" not in histogram_of(teacher)["layout"]["title"]["text"]
    teacher.button(key="gaussian.room.reveal").click().run()  # the histogram shows it at once
    assert "simulation" in histogram_of(teacher)["layout"]["title"]["text"]
    answer = [m for m in teacher.metric if m.label.startswith("The simulation's answer")]
    assert len(answer) == 1 and answer[0].value.endswith("%")
    held = [console.SPOILERS_KEY in path for path in _blocks_holding(teacher, "metric")]
    assert held and all(held)


def test_hostile_phone_values_and_rooms():
    _, code = start_room()
    q = answers.Store().current(code)
    for bad in (float("nan"), float("inf"), 1e300, "50"):
        with pytest.raises(answers.AnswerError):
            room.send(room.store(), code, q.key, answers.new_device_id(), bad)
    gone = open_app({"room": "WXYZWX", "phone": "1"})
    assert not gone.exception and "not open" in gone.error[0].value
    bad = open_app({"room": "<b>", "phone": "1"})  # not a code: a warning, and the normal page
    assert not bad.exception and "(room)" in bad.warning[0].value


def test_closing_the_room_takes_it_out_of_the_url_and_the_store():
    teacher, code = start_room()
    teacher.button(key="gaussian.room.close").click().run()
    assert "room" not in teacher.query_params and not answers.Store().is_open(code)


def test_vocabulary_page_asks_its_own_question():
    teacher = open_app({"generations": "20", "replicates": "10"}, page=vocabulary.PAGE.script)
    teacher.button(key="categorical.room.start").click().run()
    assert not teacher.exception
    q = answers.Store().current(teacher.query_params["room"])
    assert q.key.startswith("categorical:") and "words" in q.text


def test_on_a_dark_projector_the_simulations_line_turns_white():
    from collapse_ui.classroom import presentation

    fig = projector.histogram([10, 20], gaussian.QUESTION, truth=36.6)
    dark = presentation.restyle(fig, present=True, dark=True)
    assert [s.line.color for s in dark.layout.shapes] == [projector.palette.ORANGE, presentation.WHITE]
