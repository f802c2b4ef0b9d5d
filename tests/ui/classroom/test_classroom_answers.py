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
    return Store(tmp_path / "a.sqlite", clock=clock, max_per_room=5, ttl=6 * 3600)


def room_with_question(store: Store, code: str = "ABCD") -> str:
    code = store.open_room(code)
    store.ask(code, KEY, "What share is left?", low=0, high=100, unit="%")
    return code


def client(i: int) -> str:
    return f"{i:016x}"


def test_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(answers.DATA_ENV, str(tmp_path / "d"))
    assert answers.default_path() == tmp_path / "d" / "answers.sqlite"
    monkeypatch.delenv(answers.DATA_ENV)
    assert answers.default_path().parts[-2:] == (".data", "answers.sqlite")


def test_the_database_is_in_wal_mode(store):
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_random_codes_are_four_letters_without_i_and_o(store):
    codes = {store.open_room() for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 4 and set(code) <= set(answers.ALPHABET) and not set(code) & {"I", "O"}
        assert store.is_open(code)


@pytest.mark.parametrize("bad", ["abc", "ABCDE", "AB1D", "ABCI", "", None, 1234, "<b>x"])
def test_bad_room_codes_are_refused(bad):
    with pytest.raises(AnswerError, match="4 letters"):
        answers.check_code(bad)


def test_codes_are_read_in_any_case():
    assert answers.check_code(" abcd ") == "ABCD"


def test_submit_stores_and_a_later_answer_from_the_same_phone_replaces_it(store):
    code = room_with_question(store)
    store.submit(code, KEY, client(1), 30)
    store.submit(code, KEY, client(2), 40.5)
    store.submit(code, KEY, client(1), 70)
    assert sorted(store.values(code, KEY)) == [40.5, 70.0]
    assert store.answer_of(code, KEY, client(1)) == 70.0
    assert store.room_count(code) == 2


def test_one_phone_answers_each_question_once(store):
    code = room_with_question(store)
    store.ask(code, "gaussian:other", "Another?", low=0, high=1)
    store.submit(code, KEY, client(1), 30)
    store.submit(code, "gaussian:other", client(1), 0.5)
    assert store.values(code, KEY) == [30.0] and store.values(code, "gaussian:other") == [0.5]
    assert store.current(code).key == "gaussian:other"


@pytest.mark.parametrize(("value", "message"), [
    (math.nan, "finite"), (math.inf, "finite"), (-math.inf, "finite"), (np.float64("nan"), "finite"),
    (1e308, "between 0 and 100"), (10**400, "between 0 and 100"), (-1, "between 0 and 100"),
    (100.0001, "between 0 and 100"), ("50", "must be a number"), ("nan", "must be a number"),
    (None, "must be a number"), (True, "must be a number"), ([50], "must be a number"),
])
def test_hostile_values_are_refused_with_a_clear_message(store, value, message):
    code = room_with_question(store)
    with pytest.raises(AnswerError, match=message):
        store.submit(code, KEY, client(1), value)
    assert store.values(code, KEY) == []


def test_numpy_numbers_and_the_range_ends_are_accepted(store):
    code = room_with_question(store)
    assert store.submit(code, KEY, client(1), np.float32(0.0)) == 0.0
    assert store.submit(code, KEY, client(2), np.int64(100)) == 100.0
    assert store.submit(code, KEY, client(3), -0.0) == 0.0 and math.copysign(1, store.values(code, KEY)[-1]) == 1


@pytest.mark.parametrize("bad", ["", "x" * 7, "ZZZZZZZZZZZZ", "'; DROP TABLE answers; --", None, 5])
def test_bad_client_ids_are_refused(store, bad):
    code = room_with_question(store)
    with pytest.raises(AnswerError, match="session id"):
        store.submit(code, KEY, bad, 50)


def test_an_unknown_question_or_a_closed_room_is_refused(store):
    code = room_with_question(store)
    with pytest.raises(AnswerError, match="no longer asked"):
        store.submit(code, "gaussian:nope", client(1), 50)
    with pytest.raises(AnswerError, match="not open"):
        store.submit("WXYZ", KEY, client(1), 50)
    store.close_room(code)
    with pytest.raises(AnswerError, match="not open"):
        store.submit(code, KEY, client(1), 50)
    assert store.values(code, KEY) == []


def test_a_room_is_bounded_but_its_phones_may_still_change_their_answers(store):
    code = room_with_question(store)
    for i in range(5):
        store.submit(code, KEY, client(i), i)
    with pytest.raises(AnswerError, match="full"):
        store.submit(code, KEY, client(99), 1)
    store.submit(code, KEY, client(0), 42)  # a replacement, not a new answer
    assert sorted(store.values(code, KEY)) == [1, 2, 3, 4, 42]
    other = room_with_question(store, "WXYZ")  # the bound is per room
    store.submit(other, KEY, client(99), 1)


def test_rooms_expire_and_are_cleaned_on_the_next_access(store, clock):
    code = room_with_question(store)
    store.submit(code, KEY, client(1), 50)
    clock.t += 6 * 3600 - 1
    assert store.is_open(code) and store.values(code, KEY) == [50.0]
    clock.t += 2
    assert not store.is_open(code)
    assert store.values(code, KEY) == []  # reading an expired room shows nothing
    with pytest.raises(AnswerError, match="not open"):
        store.current(code)
    store.open_room("WXYZ")  # any write deletes expired rooms' rows
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM rooms").fetchone()[0] == 1
    # An expired code can be opened again, empty.
    assert store.open_room(code) == code and store.values(code, KEY) == []


def test_a_question_range_must_be_finite(store):
    code = store.open_room("ABCD")
    with pytest.raises(AnswerError, match="finite"):
        store.ask(code, KEY, "?", low=0, high=math.inf)
    with pytest.raises(AnswerError, match="short text"):
        store.ask(code, "k" * 500, "?", low=0, high=1)
    assert store.current(code) is None


def test_question_keys_depend_on_every_setting():
    from collapse_core import GaussianConfig
    a = GaussianConfig(sample_size=100, generations=100, replicates=10, seed=1)
    assert answers.question_key("gaussian", a) == answers.question_key("gaussian", GaussianConfig(
        sample_size=100, generations=100, replicates=10, seed=1))
    assert answers.question_key("gaussian", a) != answers.question_key("gaussian", GaussianConfig(
        sample_size=100, generations=100, replicates=10, seed=2))


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
    assert len(store.values(code, KEY)) == 160
