"""SQLite faults while the server runs: a lock held longer than the busy timeout, a read-only or
missing data folder, the database file deleted or overwritten with garbage. Each gives a message
on the teacher's page and on the phones, never an exception; an answer that could not be stored
is kept and sent again on the next rerun, and is counted once."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess

import pytest
from test_classroom_room import SMALL, counts, histogram_of, open_app, start_room

from collapse_ui.classroom import answers, database, limits, room

pytestmark = pytest.mark.app


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(answers.DATA_ENV, str(tmp_path))
    monkeypatch.delenv(room.PUBLIC_URL_ENV, raising=False)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)  # the lock below outlasts it
    limits.reset_all()
    return tmp_path


@contextlib.contextmanager
def write_lock(path):
    """Another connection holding the database's write lock until the block ends."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


@contextlib.contextmanager
def read_only(folder):
    """A folder nobody may write in, root included (chmod alone does not stop root)."""
    folder.chmod(0o555)
    immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def messages(at) -> str:
    return " | ".join(e.value for e in [*at.error, *at.warning, *at.info])


def phone_sends(code: str, value: float):
    phone = open_app({"room": code, "phone": "1"})
    assert not phone.exception
    phone.number_input[0].set_value(value)
    phone.button[0].click().run()
    return phone


def test_a_read_only_data_folder_is_one_message_on_the_teachers_page(data_dir, monkeypatch):
    ro = data_dir / "ro"
    ro.mkdir()
    teacher = open_app(SMALL)
    with read_only(ro):
        monkeypatch.setenv(answers.DATA_ENV, str(ro))
        teacher.button(key="gaussian.room.start").click().run()
        assert not teacher.exception
        assert "answers cannot be saved" in messages(teacher)
        assert teacher.get("plotly_chart"), "the page's charts are still drawn"
        phone = open_app({"room": "ABCDEF", "phone": "1"})
        assert not phone.exception and "answers cannot be saved" in messages(phone)


def test_a_missing_data_folder_that_cannot_be_made_is_a_message(data_dir, monkeypatch):
    blocker = data_dir / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(answers.DATA_ENV, str(blocker / "data"))
    teacher = open_app(SMALL)
    teacher.button(key="gaussian.room.start").click().run()
    assert not teacher.exception and "answers cannot be saved" in messages(teacher)


def test_a_lock_held_longer_than_the_timeout_is_a_message_and_the_answer_is_sent_later(data_dir):
    teacher, code = start_room()
    phone = open_app({"room": code, "phone": "1"})
    phone.number_input[0].set_value(42.0)
    with write_lock(answers.default_path()):
        phone.button[0].click().run()
        assert not phone.exception
        assert "not saved yet" in messages(phone).lower()
        teacher.run()
        assert not teacher.exception
    phone.run()  # the next rerun (the phone's watcher reruns every few seconds) sends it again
    assert not phone.exception and any("Sent: **42**" in s.value for s in phone.success)
    phone.run()
    teacher.run()
    assert sum(counts(histogram_of(teacher))) == 1  # stored once, however often it was tried


def test_the_database_file_deleted_while_the_server_runs(data_dir):
    teacher, code = start_room()
    phone_sends(code, 30.0)
    for path in data_dir.glob("answers.sqlite*"):
        path.unlink()
    teacher.run()
    assert not teacher.exception
    phone = phone_sends(code, 40.0)  # the teacher's page opened its room again
    assert not phone.exception and any("Sent: **40**" in s.value for s in phone.success)
    teacher.run()
    assert not teacher.exception and sum(counts(histogram_of(teacher))) == 1


def test_the_database_file_corrupted_while_the_server_runs(data_dir):
    teacher, code = start_room()
    phone_sends(code, 30.0)
    for path in data_dir.glob("answers.sqlite-*"):
        path.unlink()
    answers.default_path().write_bytes(b"this is not a database " * 400)
    phone = open_app({"room": code, "phone": "1"})
    assert not phone.exception
    teacher.run()
    assert not teacher.exception
    phone = phone_sends(code, 40.0)
    assert any("Sent: **40**" in s.value for s in phone.success)
    teacher.run()
    assert not teacher.exception and sum(counts(histogram_of(teacher))) == 1
    assert list(data_dir.glob("answers.sqlite.damaged-*")), "the damaged file is kept aside"


# ---------------------------------------------------------------- the store on its own


LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
"""


def _store_with_room(path):
    shop = answers.Store(path)
    code, secret = shop.open_room("ABCDEF")
    shop.ask(code, "g:k", "?", low=0, high=100, secret=secret)
    return shop, code, secret


def test_another_process_holding_the_lock_past_the_timeout_is_a_storage_error(tmp_path):
    import sys

    shop, code, _ = _store_with_room(tmp_path / "a.sqlite")
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(shop.path), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert locker.stdout.readline().strip() == "locked"
        with pytest.raises(answers.StorageError, match="cannot be saved: the database is locked"):
            shop.submit(code, "g:k", "a" * 16, 10)
    finally:
        locker.kill()
        locker.wait()
    assert shop.submit(code, "g:k", "a" * 16, 10) == 10.0  # and it works again once the lock is gone


def test_a_lock_released_within_the_retries_is_waited_for(tmp_path):
    import threading

    shop, code, secret = _store_with_room(tmp_path / "a.sqlite")
    db = sqlite3.connect(shop.path, isolation_level=None, check_same_thread=False)
    db.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.3, lambda: db.execute("ROLLBACK"))  # shorter than 4 tries of 0.2 s
    release.start()
    try:
        assert shop.submit(code, "g:k", "b" * 16, 20) == 20.0
    finally:
        release.join()
        db.close()
    assert shop.values(code, "g:k", secret=secret) == [20.0]


def test_deleted_and_damaged_files_get_a_fresh_schema_and_no_sqlite_error_escapes(tmp_path):
    shop, code, secret = _store_with_room(tmp_path / "a.sqlite")
    for path in tmp_path.glob("a.sqlite*"):
        path.unlink()
    with pytest.raises(answers.AnswerError, match="not open"):  # a message, not "no such table"
        shop.current(code)
    shop.open_room(code, secret=secret)
    assert shop.current(code) is None
    shop.path.write_bytes(b"garbage" * 1000)
    for path in tmp_path.glob("a.sqlite-*"):
        path.unlink()
    with pytest.raises(answers.AnswerError, match="not open"):
        shop.current(code)
    assert [p.name.split("-")[0] for p in tmp_path.glob("a.sqlite.damaged-*")] == ["a.sqlite.damaged"]


def test_an_older_schema_is_replaced(tmp_path):
    path = tmp_path / "a.sqlite"
    with sqlite3.connect(path) as db:  # the first layout: rooms without an owner
        db.executescript(
            "CREATE TABLE rooms (code TEXT PRIMARY KEY, opened REAL NOT NULL, current TEXT);"
            "INSERT INTO rooms VALUES ('ABCD', 1, NULL);"
        )
    shop = answers.Store(path)
    code, secret = shop.open_room("ABCDEF")
    assert (
        shop.owns(code, secret) is True
        and shop.owns(code, "x") is False
        and shop.owns("ZZZZZZ", secret) is None
    )
