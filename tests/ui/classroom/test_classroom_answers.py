"""The class's answers store (collapse_ui/classroom/answers.py): no Streamlit, one temporary file."""

from __future__ import annotations

import math
import sqlite3
import threading

import numpy as np
import pytest

from collapse_ui.classroom import answers
from collapse_ui.classroom.answers import AnswerError, Store

KEY = "gaussian:abc123"


class Clock:
    def __init__(self, t: float = 1_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock) -> Store:
    return Store(tmp_path / "a.sqlite", clock=clock, max_per_question=5, ttl=6 * 3600)


SECRETS: dict[str, str] = {}  # code -> the teacher's secret, for the tests' own rooms


def room_with_question(store: Store, code: str = "ABCDEF") -> str:
    code, SECRETS[code] = store.open_room(code)
    store.ask(code, KEY, "What share is left?", low=0, high=100, unit="%", secret=SECRETS[code])
    return code


def values(store: Store, code: str, key: str = KEY) -> list[float]:
    return store.values(code, key, secret=SECRETS[code])


def client(i: int) -> str:
    return f"{i:016x}"


def test_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(answers.DATA_ENV, str(tmp_path / "d"))
    assert answers.default_path() == tmp_path / "d" / "answers.sqlite"
    monkeypatch.delenv(answers.DATA_ENV)
    assert answers.default_path().parts[-2:] == (".data", "answers.sqlite")


def test_the_database_is_in_wal_mode(store):
    store.open_room()  # the file is made on first use
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_random_codes_are_six_letters_without_i_and_o(store):
    codes = {store.open_room()[0] for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 6 and set(code) <= set(answers.ALPHABET) and not set(code) & {"I", "O"}
        assert store.is_open(code)


@pytest.mark.parametrize("bad", ["abc", "ABCD", "ABCDEFG", "AB1DEF", "ABCDEI", "", None, 123456, "<b>xyz"])
def test_bad_room_codes_are_refused(bad):
    with pytest.raises(AnswerError, match="6 letters"):
        answers.check_code(bad)


def test_codes_are_read_in_any_case():
    assert answers.check_code(" abcdef ") == "ABCDEF"


def test_submit_stores_and_a_later_answer_from_the_same_phone_replaces_it(store):
    code = room_with_question(store)
    store.submit(code, KEY, client(1), 30)
    store.submit(code, KEY, client(2), 40.5)
    store.submit(code, KEY, client(1), 70)
    assert sorted(values(store, code)) == [40.5, 70.0]
    assert store.answer_of(code, KEY, client(1)) == 70.0
    assert store.count(code, KEY) == 2


def test_one_phone_answers_each_question_once(store):
    code = room_with_question(store)
    store.ask(code, "gaussian:other", "Another?", low=0, high=1, secret=SECRETS[code])
    store.submit(code, KEY, client(1), 30)
    store.submit(code, "gaussian:other", client(1), 0.5)
    assert values(store, code) == [30.0] and values(store, code, "gaussian:other") == [0.5]
    assert store.current(code).key == "gaussian:other"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (math.nan, "finite"),
        (math.inf, "finite"),
        (-math.inf, "finite"),
        (np.float64("nan"), "finite"),
        (1e308, "between 0 and 100"),
        (10**400, "between 0 and 100"),
        (-1, "between 0 and 100"),
        (100.0001, "between 0 and 100"),
        ("50", "must be a number"),
        ("nan", "must be a number"),
        (None, "must be a number"),
        (True, "must be a number"),
        ([50], "must be a number"),
    ],
)
def test_hostile_values_are_refused_with_a_clear_message(store, value, message):
    code = room_with_question(store)
    with pytest.raises(AnswerError, match=message):
        store.submit(code, KEY, client(1), value)
    assert values(store, code) == []


def test_numpy_numbers_and_the_range_ends_are_accepted(store):
    code = room_with_question(store)
    assert store.submit(code, KEY, client(1), np.float32(0.0)) == 0.0
    assert store.submit(code, KEY, client(2), np.int64(100)) == 100.0
    assert store.submit(code, KEY, client(3), -0.0) == 0.0 and math.copysign(1, values(store, code)[-1]) == 1


@pytest.mark.parametrize("bad", ["", "x" * 7, "ZZZZZZZZZZZZ", "'; DROP TABLE answers; --", None, 5])
def test_bad_device_ids_are_refused(store, bad):
    code = room_with_question(store)
    with pytest.raises(AnswerError, match="device id"):
        store.submit(code, KEY, bad, 50)


def test_an_unknown_question_or_a_closed_room_is_refused(store):
    code = room_with_question(store)
    with pytest.raises(AnswerError, match="no longer asked"):
        store.submit(code, "gaussian:nope", client(1), 50)
    with pytest.raises(AnswerError, match="not open"):
        store.submit("WXYZWX", KEY, client(1), 50)
    store.close_room(code, secret=SECRETS[code])
    with pytest.raises(AnswerError, match="not open"):
        store.submit(code, KEY, client(1), 50)
    assert store.count(code, KEY) == 0


def test_a_question_is_bounded_but_its_phones_may_still_change_their_answers(store):
    code = room_with_question(store)
    for i in range(5):
        store.submit(code, KEY, client(i), i)
    with pytest.raises(AnswerError, match="has its 5 answers"):
        store.submit(code, KEY, client(99), 1)
    store.submit(code, KEY, client(0), 42)  # a replacement, not a new answer
    assert sorted(values(store, code)) == [1, 2, 3, 4, 42]
    # The bound is per question: the next question of the same room takes the class again.
    store.ask(code, "gaussian:next", "Next?", low=0, high=100, secret=SECRETS[code])
    for i in range(5):
        store.submit(code, "gaussian:next", client(i), i)
    other = room_with_question(store, "WXYZWX")  # and per room
    store.submit(other, KEY, client(99), 1)


def test_rooms_expire_after_their_last_use_and_are_cleaned_on_the_next_access(store, clock):
    code = room_with_question(store)
    store.submit(code, KEY, client(1), 50)
    clock.t += 5 * 3600
    store.submit(code, KEY, client(2), 60)  # in use: the six hours start again
    clock.t += 6 * 3600 - 1
    assert store.is_open(code) and values(store, code) == [50.0, 60.0]
    clock.t += 6 * 3600 - 1  # the teacher's page read it above: still in use
    assert store.is_open(code)
    clock.t += 2
    assert not store.is_open(code)
    with pytest.raises(AnswerError, match="not open"):
        values(store, code)
    with pytest.raises(AnswerError, match="not open"):
        store.current(code)
    store.open_room("WXYZWX")  # any write deletes expired rooms' rows
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM rooms").fetchone()[0] == 1
    # An expired code can be opened again, empty.
    assert room_with_question(store, code) == code and values(store, code) == []


def test_a_question_range_must_be_finite(store):
    code, secret = store.open_room("ABCDEF")
    with pytest.raises(AnswerError, match="finite"):
        store.ask(code, KEY, "?", low=0, high=math.inf, secret=secret)
    with pytest.raises(AnswerError, match="short text"):
        store.ask(code, "k" * 500, "?", low=0, high=1, secret=secret)
    assert store.current(code) is None


def test_question_keys_depend_on_every_setting():
    from collapse_core import GaussianConfig

    a = GaussianConfig(sample_size=100, generations=100, replicates=10, seed=1)
    assert answers.question_key("gaussian", a) == answers.question_key(
        "gaussian", GaussianConfig(sample_size=100, generations=100, replicates=10, seed=1)
    )
    assert answers.question_key("gaussian", a) != answers.question_key(
        "gaussian", GaussianConfig(sample_size=100, generations=100, replicates=10, seed=2)
    )


def test_concurrent_writers_lose_nothing(tmp_path):
    """Eight threads (as Streamlit's sessions are), each with its own phones, all at once."""
    store = Store(tmp_path / "c.sqlite")
    code = room_with_question(store)
    errors: list[Exception] = []

    def phones(t: int) -> None:
        try:
            for i in range(20):
                store.submit(code, KEY, client(1000 * t + i), (t * 20 + i) % 101)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=phones, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert len(values(store, code)) == 160
