"""The class's own data: the teacher's room collects one value per phone (a number in a range or
a short word), shows them arriving, and one button stores exactly those values content-addressed
and names their hash; bad and hostile values are refused with a message; the room's limits hold;
an answers database of the previous schema keeps working."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from test_classroom_room import open_app, start_room

from collapse_core.userdata import store
from collapse_ui.classroom import answers, class_data, collect, collected, limits, phone_data, room

pytestmark = pytest.mark.app

HEIGHT = class_data.PROMPTS["height"]
WORD = class_data.PROMPTS["word"]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(answers.DATA_ENV, str(tmp_path))
    monkeypatch.delenv(room.PUBLIC_URL_ENV, raising=False)
    limits.reset_all()
    yield tmp_path
    limits.reset_all()


def collecting(prompt: str = "height"):
    """A teacher's page with a room open in collect mode; (AppTest, code, the room's question)."""
    teacher, code = start_room()
    teacher.radio(key="gaussian.collect.mode").set_value("data").run()
    teacher.selectbox(key="gaussian.collect.prompt").set_value(prompt).run()
    assert not teacher.exception
    q = answers.Store().current(code)
    return teacher, code, q


def data_histogram(at) -> dict:
    from conftest import decode

    for el in at.get("plotly_chart"):
        fig = decode(json.loads(el.proto.spec))
        if fig["layout"]["xaxis"].get("title", {}).get("text", "").startswith("class data"):
            return fig
    raise AssertionError("no histogram of the class's data on the page")


def sent_count(at) -> int:
    (m,) = [m for m in at.metric if m.label == "Values sent"]
    return int(m.value)


# ---------------------------------------------------------------- what a phone may send


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("tall", "not a number"),
        ("1e999", "Out of range"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("12abc", "not a number"),
        ("9" * 40, "not a number"),
        ("30", "Out of range"),
        ("251", "Out of range"),
        (None, "Type your answer"),
        (172, "Type your answer"),
    ],
)
def test_a_number_that_is_not_one_or_out_of_range_is_refused_with_its_reason(raw, says):
    with pytest.raises(answers.AnswerError, match=says):
        collected.parse(raw, "number", HEIGHT.low, HEIGHT.high)


def test_numbers_are_read_as_typed_on_a_phone():
    assert collected.parse(" 172 ", "number", 50, 250) == 172.0
    assert collected.parse("172,5", "number", 50, 250) == 172.5
    assert collected.parse("+1.5e2", "number", 50, 250) == 150.0


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "empty"),
        ("x" * (collected.MAX_WORD + 1), "Too long"),
        ("a\x00b", "control or invisible"),
        ("left\u202eright", "control or invisible"),  # a right-to-left override
        ("zero\u200bwidth", "control or invisible"),
    ],
)
def test_a_word_that_is_empty_too_long_or_invisible_is_refused(raw, says):
    with pytest.raises(answers.AnswerError, match=says):
        collected.parse(raw, "word", 0, 1)


def test_hostile_words_are_kept_as_text_and_shown_as_text():
    for raw in ("<b>x</b>", "**bold**", "[a](javascript:x)", "e\u0301"):
        assert collected.parse(raw, "word", 0, 1) == collected.parse(raw, "word", 0, 1).strip()
    assert collected.parse("  two   words ", "word", 0, 1) == "two words"
    assert phone_data.plain("<b>**x**</b>") == r"\<b\>\*\*x\*\*\</b\>"


# ---------------------------------------------------------------- thirty phones


def test_thirty_phones_each_count_once_and_the_switch_hashes_exactly_their_values(data_dir):
    teacher, code, q = collecting("height")
    assert q.kind == "number" and q.text == HEIGHT.text and (q.low, q.high) == (50.0, 250.0)
    shop = room.store()
    heights = [150 + (i * 7) % 45 for i in range(30)]
    phones = [answers.new_device_id() for _ in heights]
    for device, h in zip(phones, heights, strict=True):
        assert phone_data.send(shop, code, q.key, device, str(h)) == (float(h), True)
    for device, h in zip(phones, heights, strict=True):  # a retried send: counted once
        assert phone_data.send(shop, code, q.key, device, f"{h}.0") == (float(h), False)
    with pytest.raises(answers.AnswerError, match="already sent its answer"):
        phone_data.send(shop, code, q.key, phones[0], "199")  # a second value from one phone
    teacher.run()
    assert sent_count(teacher) == 30
    assert sum(data_histogram(teacher)["data"][0]["y"]) == 30
    teacher.button(key="gaussian.collect.use").click().run()
    assert not teacher.exception
    digest, n, prompt, error = teacher.session_state[collect.USED_KEY]["gaussian"]
    assert error is None and n == 30 and prompt == HEIGHT
    # The data set stored under that hash is exactly these values, in the order they arrived.
    kept = store.get(digest)
    assert kept is not None and (kept.name, kept.unit) == (HEIGHT.text, "cm")
    assert list(kept.numeric("value")) == [float(h) for h in heights]
    assert digest == hashlib.sha256(store.canonical({"value": heights}, HEIGHT.text, "cm")).hexdigest()
    # The Gaussian page takes a data setting: the switch names the stored data in it.
    assert teacher.query_params.get("data") in (digest, [digest])
    assert any("truth is now the class's data: 30 values" in m.value for m in teacher.success)


def test_a_phone_in_appsession_sees_the_prompt_and_gets_a_message_for_each_bad_value():
    teacher, code, _ = collecting("height")
    phone = open_app({"room": code, "phone": "1"})
    assert not phone.exception and any("height in cm" in m.value for m in phone.markdown)
    for bad, says in (("tall", "not a number"), ("400", "Out of range"), ("", "empty")):
        phone.text_input[0].set_value(bad)
        phone.button[0].click().run()
        assert not phone.exception and says in phone.error[0].value
        assert phone.text_input[0].value == bad  # the box keeps what was typed
    phone.text_input[0].set_value("181")
    phone.button[0].click().run()
    assert phone.success and not phone.error and [t.value for t in phone.text] == ["181 cm"]
    teacher.run()
    assert sent_count(teacher) == 1


def test_words_arrive_as_a_top_list_of_plain_text():
    teacher, code, q = collecting("word")
    assert q.kind == "word"
    shop = room.store()
    words = ["cat", "dog", "cat", "<b>x</b>", "cat", "dog"]
    for w in words:
        phone_data.send(shop, code, q.key, answers.new_device_id(), w)
    teacher.run()
    assert sent_count(teacher) == 6
    table = teacher.dataframe[0].value
    assert list(table["word"]) == ["cat", "dog", "<b>x</b>"] and list(table["phones"]) == [3, 2, 1]
    teacher.button(key="gaussian.collect.use").click().run()
    digest = teacher.session_state[collect.USED_KEY]["gaussian"][0]
    kept = store.get(digest)
    assert kept is not None and list(kept.columns["label"]) == words
    assert any("Vanishing words" in i.value for i in teacher.info)


def test_a_phone_shows_a_hostile_word_back_as_plain_text():
    _, code, _ = collecting("word")
    phone = open_app({"room": code, "phone": "1"})
    phone.text_input[0].set_value("<b>**x**</b>")
    phone.button[0].click().run()
    assert not phone.exception and phone.success
    assert [t.value for t in phone.text] == ["<b>**x**</b>"]  # st.text: neither HTML nor Markdown
    assert not any("<b>" in m.value and "\\<" not in m.value for m in phone.markdown)


def test_the_switch_with_no_values_says_so_and_stores_nothing(data_dir):
    teacher, _, _ = collecting("one_to_ten")
    teacher.button(key="gaussian.collect.use").click().run()
    assert not teacher.exception and "No phone has sent" in teacher.error[0].value
    assert not (data_dir / "userdata").exists()


def test_a_free_prompt_needs_words_and_a_range():
    teacher, _ = start_room()
    teacher.radio(key="gaussian.collect.mode").set_value("data").run()
    teacher.selectbox(key="gaussian.collect.prompt").set_value(class_data.FREE).run()
    assert any("Type the prompt" in w.value for w in teacher.warning)
    teacher.text_input(key="gaussian.collect.text").set_value("Your shoe size").run()
    teacher.number_input(key="gaussian.collect.low").set_value(50.0).run()
    teacher.number_input(key="gaussian.collect.high").set_value(10.0).run()
    assert any("From below To" in w.value for w in teacher.warning)
    teacher.number_input(key="gaussian.collect.low").set_value(30.0).run()
    teacher.number_input(key="gaussian.collect.high").set_value(50.0).run()
    q = answers.Store().current(teacher.query_params["room"])
    assert not teacher.exception and q.text == "Your shoe size" and (q.low, q.high) == (30.0, 50.0)


# ---------------------------------------------------------------- the room's limits


def test_the_rooms_size_cap_and_the_answer_rate_hold_for_data(tmp_path, monkeypatch):
    # The rate limit on a stopped clock: no refill while the loop runs, however slow the machine.
    monkeypatch.setattr(limits, "ANSWERS", limits.Limiter(120, 2, clock=lambda: 0.0))
    shop = answers.Store(tmp_path / "small.sqlite", max_per_question=3)
    code, secret = shop.open_room()
    collected.ask(
        shop, code, "p.data:1", "A number from 1 to 10", kind="number", low=1, high=10, secret=secret
    )
    for v in ("1", "2", "3"):
        collected.give(shop, code, "p.data:1", answers.new_device_id(), v)
    with pytest.raises(answers.AnswerError, match="room is full"):
        collected.give(shop, code, "p.data:1", answers.new_device_id(), "4")
    assert collected.values(shop, code, "p.data:1", secret=secret) == [1.0, 2.0, 3.0]
    with pytest.raises(answers.AnswerError, match="teacher's browser"):
        collected.values(shop, code, "p.data:1", secret="not the teacher")
    device = answers.new_device_id()
    refused = 0
    for _ in range(int(limits.ANSWERS.capacity) + 5):  # one address, faster than the refill
        try:
            phone_data.send(shop, code, "p.data:1", device, "1", address="203.0.113.9")
        except answers.AnswerError as exc:
            refused += "Too many answers" in str(exc)
    assert refused == 5
    # A guess cannot land in a data question, nor a value in a guess question.
    with pytest.raises(answers.AnswerError, match="no longer asked"):
        shop.submit(code, "p.data:1", answers.new_device_id(), 5.0)
    shop.ask(code, "p:guess", "Guess", low=0, high=100, secret=secret)
    with pytest.raises(answers.AnswerError, match="no longer asked"):
        collected.give(shop, code, "p:guess", answers.new_device_id(), "5")


def test_closing_the_room_deletes_its_data(tmp_path):
    shop = answers.Store(tmp_path / "a.sqlite")
    code, secret = shop.open_room()
    collected.ask(shop, code, "p.data:1", "Word", kind="word", secret=secret)
    collected.give(shop, code, "p.data:1", answers.new_device_id(), "cat")
    shop.close_room(code, secret=secret)
    with sqlite3.connect(tmp_path / "a.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM collected").fetchone() == (0,)


# ---------------------------------------------------------------- the schema's migration

# The answers database as the previous release made it (schema version 2), written by hand so
# the test does not depend on the code it checks.
SCHEMA_V2 = """
CREATE TABLE rooms (code TEXT PRIMARY KEY, owner TEXT NOT NULL, opened REAL NOT NULL,
                    used REAL NOT NULL, current TEXT);
CREATE TABLE questions (room TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL, low REAL NOT NULL,
                        high REAL NOT NULL, unit TEXT NOT NULL, PRIMARY KEY (room, key));
CREATE TABLE answers (room TEXT NOT NULL, question TEXT NOT NULL, device TEXT NOT NULL,
                      value REAL NOT NULL, at REAL NOT NULL, PRIMARY KEY (room, question, device));
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX rooms_used ON rooms (used);
"""


def test_a_database_of_the_previous_schema_keeps_its_rooms_and_answers(tmp_path):
    import hashlib
    import time

    path = tmp_path / "old.sqlite"
    secret, now = "s" * 32, time.time()
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA_V2)
        db.execute(
            "INSERT INTO rooms VALUES ('ABCDEF', ?, ?, ?, 'gaussian:old')",
            (hashlib.sha256(secret.encode()).hexdigest(), now, now),
        )
        db.execute("INSERT INTO questions VALUES ('ABCDEF', 'gaussian:old', 'Guess?', 0, 100, '%')")
        db.executemany(
            "INSERT INTO answers VALUES ('ABCDEF', 'gaussian:old', ?, ?, ?)",
            [("a1b2c3d4", 40.0, now), ("e5f6a7b8", 60.0, now + 1)],
        )
        db.execute("INSERT INTO meta VALUES ('device_key', ?)", ("ab" * 32,))
        db.execute("PRAGMA user_version = 2")
    db.close()
    shop = answers.Store(path)
    assert shop.current("ABCDEF") == answers.RoomQuestion("gaussian:old", "Guess?", 0, 100, "%", "guess")
    assert shop.values("ABCDEF", "gaussian:old", secret=secret) == [40.0, 60.0]
    assert shop.server_key() == bytes.fromhex("ab" * 32)  # phones' cookies stay valid
    collected.ask(shop, "ABCDEF", "gaussian.data:1", "Height", kind="number", low=50, high=250, secret=secret)
    collected.give(shop, "ABCDEF", "gaussian.data:1", answers.new_device_id(), "170")
    assert collected.values(shop, "ABCDEF", "gaussian.data:1", secret=secret) == [170.0]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (answers.SCHEMA_VERSION,)
    # A second store on the same file (another process) finds it migrated and changes nothing.
    again = answers.Store(path)
    assert again.values("ABCDEF", "gaussian:old", secret=secret) == [40.0, 60.0]


# ---------------------------------------------------------------- the switch


def test_the_switch_stores_one_data_set_per_content_and_refuses_no_values(data_dir):
    first = class_data.switch_truth([1, 2, 3], class_data.PROMPTS["one_to_ten"])
    assert class_data.switch_truth([1.0, 2.0, 3.0], class_data.PROMPTS["one_to_ten"]) == first
    assert len(list((data_dir / "userdata").glob("*.json"))) == 1  # content-addressed: one file
    assert class_data.switch_truth(["cat"], WORD) != first
    with pytest.raises(ValueError, match="no values"):
        class_data.switch_truth([], WORD)
