"""A class's answers, kept in an embedded SQLite database: the storage layer (no Streamlit).

A teacher opens a *room* (a six-letter code) and gets its *secret*: only the holder of the
secret may ask the room's question, read the class's answers or close it. The projector page
asks the room its current *question* (its key is the page and a hash of its configuration, so a
changed setting is a new question); each phone (a *device*: a signed random id, see devices.py)
gives one number per question, and a later answer from the same device replaces its earlier one
(the insert is keyed on room, question and device, so a retried answer is never counted twice).
Nothing here names a person.

Bounds: at most `max_per_question` devices answer one question (a full question refuses new
phones and still lets a phone change its answer), answers within the question's own range only,
and a room expires `ttl` seconds after it was last used (asked, answered or read by the
teacher's page); expired rooms are deleted on the next write, by anyone.

Faults (a lock held too long, a read-only or missing folder, the file deleted or damaged) are
database.py's: they raise StorageError ("The class's answers cannot be saved: ..."), an
AnswerError, and never a sqlite3 exception.

    store = Store(path)                         # default: default_path(); no I/O until used
    code, secret = store.open_room()
    store.ask(code, "gaussian:1a2b3c", "What share ...?", low=0, high=100, unit="%", secret=secret)
    store.submit(code, "gaussian:1a2b3c", device="9f2c...", value=37.5)
    store.values(code, "gaussian:1a2b3c", secret=secret)       # [37.5]
"""

from __future__ import annotations

import hashlib
import hmac
import math
import numbers
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from collapse_core.datadir import DATA_ENV, data_dir  # noqa: F401 (DATA_ENV: named here too)
from collapse_ui.classroom.database import AnswerError, Database, StorageError

__all__ = [
    "AnswerError",
    "RoomQuestion",
    "StorageError",
    "Store",
    "check_code",
    "check_value",
    "default_path",
    "new_device_id",
    "question_key",
]

FILE_NAME = "answers.sqlite"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I and O: a code read off a projector is not mistaken
# 24^6 = 191 million codes: with the guess limit (room.py) a script walks a vanishing part of them
# within a room's life.
CODE_LENGTH = 6
MAX_PER_QUESTION = 500
TTL_SECONDS = 6 * 3600  # since the room was last used
TOUCH_EVERY_S = 60.0  # reads refresh a room's last use at most this often (a write each time would cost)
MAX_KEY = 120  # characters of a question key
MAX_TEXT = 500  # characters of a question's wording
SCHEMA_VERSION = 3
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
_DEVICE = re.compile(r"[0-9a-f]{8,64}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    opened REAL NOT NULL,
    used REAL NOT NULL,
    current TEXT
);
CREATE TABLE IF NOT EXISTS questions (
    room TEXT NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    low REAL NOT NULL,
    high REAL NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'guess',
    PRIMARY KEY (room, key)
);
CREATE TABLE IF NOT EXISTS answers (
    room TEXT NOT NULL,
    question TEXT NOT NULL,
    device TEXT NOT NULL,
    value REAL NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (room, question, device)
);
CREATE TABLE IF NOT EXISTS collected (
    room TEXT NOT NULL,
    question TEXT NOT NULL,
    device TEXT NOT NULL,
    number REAL,
    word TEXT,
    at REAL NOT NULL,
    PRIMARY KEY (room, question, device)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rooms_used ON rooms (used);
"""
# Older files brought forward, keeping their rooms and answers (the schema above then adds the
# new tables): version 2 had guesses only.
MIGRATIONS = {2: ("ALTER TABLE questions ADD COLUMN kind TEXT NOT NULL DEFAULT 'guess'",)}
KINDS = ("guess", "number", "word")  # a guess about the chain, or one value of the class's data


@dataclass(frozen=True)
class RoomQuestion:
    """A question as the room holds it: what the phones show and the range they may answer in."""

    key: str
    text: str
    low: float
    high: float
    unit: str
    kind: str = "guess"


def default_path() -> Path:
    """answers.sqlite in the app's data folder (collapse_core.datadir: $COLLAPSE_DATA_DIR, else
    .data/ in the checkout, else the user's data folder)."""
    return data_dir() / FILE_NAME


def question_key(page: str, config) -> str:
    """The page and a short hash of its configuration (the seed included): the same settings
    on any machine give the same key; change one and it is a new question."""
    digest = hashlib.sha256(repr(config).encode()).hexdigest()[:12]
    return f"{page}:{digest}"


def check_code(text) -> str:
    """A room code as typed or linked (any case, spaces around) -> its canonical form."""
    code = str(text).strip().upper() if isinstance(text, str) else ""
    if not _CODE.fullmatch(code):
        raise AnswerError(f"A room code is {CODE_LENGTH} letters (A to Z, without I and O).")
    return code


def check_value(value, low: float, high: float) -> float:
    """A guess -> a float within [low, high], or AnswerError saying what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise AnswerError("An answer must be a number.")
    try:
        number = float(value)
    except (OverflowError, ValueError):  # an int with hundreds of digits
        raise AnswerError(f"An answer must be between {low:g} and {high:g}.") from None
    if not math.isfinite(number):
        raise AnswerError("An answer must be a finite number (not NaN or infinity).")
    if not low <= number <= high:
        raise AnswerError(f"An answer must be between {low:g} and {high:g}.")
    return number + 0.0  # -0.0 -> 0.0


def _check_device(device) -> str:
    if not isinstance(device, str) or not _DEVICE.fullmatch(device):
        raise AnswerError("This phone has no valid device id; reload the page.")
    return device


def new_device_id() -> str:
    """A random id for one phone (no personal data); devices.py signs it for the cookie."""
    return secrets.token_hex(8)


def _digest(secret: str) -> str:
    return hashlib.sha256(str(secret).encode()).hexdigest()


class Store:
    """Rooms, their questions and answers in one SQLite file."""

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        clock: Callable[[], float] = time.time,
        max_per_question: int = MAX_PER_QUESTION,
        ttl: float = TTL_SECONDS,
    ):
        self.path = Path(path) if path is not None else default_path()
        self.clock = clock
        self.max_per_question = max_per_question
        self.ttl = ttl
        self._db = Database(
            self.path, _SCHEMA, SCHEMA_VERSION, before_write=self._expire, migrations=MIGRATIONS
        )

    # ------------------------------------------------------------------ plumbing

    def _expire(self, db: sqlite3.Connection) -> None:
        cutoff = self.clock() - self.ttl
        old = [r[0] for r in db.execute("SELECT code FROM rooms WHERE used < ?", (cutoff,))]
        for code in old:
            db.execute("DELETE FROM answers WHERE room = ?", (code,))
            db.execute("DELETE FROM collected WHERE room = ?", (code,))
            db.execute("DELETE FROM questions WHERE room = ?", (code,))
            db.execute("DELETE FROM rooms WHERE code = ?", (code,))

    def _live(self, db: sqlite3.Connection, code: str) -> tuple:
        row = db.execute(
            "SELECT code, owner, used, current FROM rooms WHERE code = ? AND used >= ?",
            (code, self.clock() - self.ttl),
        ).fetchone()
        if row is None:
            raise AnswerError(
                f"Room {code} is not open (rooms close {self.ttl / 3600:g} hours after "
                "their last use). Ask for a new code."
            )
        return row

    def _owned(self, db: sqlite3.Connection, code: str, secret) -> tuple:
        row = self._live(db, code)
        if not isinstance(secret, str) or not hmac.compare_digest(row[1], _digest(secret)):
            raise AnswerError("Only the teacher's browser that opened the room may do that.")
        return row

    def _touch(self, code: str, used: float) -> None:
        """A read refreshes the room's last use, at most once a minute."""
        now = self.clock()
        if now - used >= TOUCH_EVERY_S:
            self._db.call(
                lambda db: db.execute("UPDATE rooms SET used = ? WHERE code = ?", (now, code)), write=True
            )

    # ------------------------------------------------------------------ rooms

    def open_room(self, code: str | None = None, *, secret: str | None = None) -> tuple[str, str]:
        """A new room: (its code, the teacher's secret). The code is random unless given, and
        the secret too (given: the teacher's page opening its own room again, e.g. after the
        database file was lost)."""
        secret = secret or secrets.token_hex(16)
        now = self.clock()

        def work(db: sqlite3.Connection) -> str:
            for _ in range(50):
                candidate = (
                    check_code(code)
                    if code
                    else "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
                )
                if db.execute("SELECT 1 FROM rooms WHERE code = ?", (candidate,)).fetchone() is None:
                    db.execute(
                        "INSERT INTO rooms (code, owner, opened, used) VALUES (?, ?, ?, ?)",
                        (candidate, _digest(secret), now, now),
                    )
                    return candidate
                if code:
                    raise AnswerError(f"Room {candidate} is already open.")
            raise AnswerError("No free room code: try again in a moment.")

        return self._db.call(work, write=True), secret

    def is_open(self, code: str) -> bool:
        try:
            self._db.call(lambda db: self._live(db, check_code(code)), write=False)
        except AnswerError:
            return False
        return True

    def owns(self, code: str, secret) -> bool | None:
        """True if `secret` opened the open room `code`; False if another one did; None if no
        such room is open."""
        code = check_code(code)

        def work(db: sqlite3.Connection) -> bool | None:
            try:
                self._owned(db, code, secret)
            except AnswerError as exc:
                return None if "not open" in str(exc) else False
            return True

        return self._db.call(work, write=False)

    def close_room(self, code: str, *, secret: str) -> None:
        code = check_code(code)

        def work(db: sqlite3.Connection) -> None:
            self._owned(db, code, secret)
            for table, column in (
                ("answers", "room"),
                ("collected", "room"),
                ("questions", "room"),
                ("rooms", "code"),
            ):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (code,))

        self._db.call(work, write=True)

    def ask(
        self,
        code: str,
        key: str,
        text: str,
        *,
        low: float,
        high: float,
        unit: str = "",
        secret: str | None = None,
        kind: str = "guess",
    ) -> None:
        """Make `key` the room's current question (adding it the first time it is asked).
        `kind`: "guess" (a number about the chain), or "number" / "word" (one value of the
        class's data per phone, see collected.py)."""
        code = check_code(code)
        if kind not in KINDS:
            raise AnswerError(f"A question's kind is one of {', '.join(KINDS)}.")
        if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY:
            raise AnswerError("A question key is a short text.")
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise AnswerError("A question's range must be two finite numbers, low < high.")

        def work(db: sqlite3.Connection) -> None:
            self._owned(db, code, secret)
            db.execute(
                "INSERT INTO questions (room, key, text, low, high, unit, kind) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (room, key) DO UPDATE SET text = excluded.text, low = excluded.low, "
                "high = excluded.high, unit = excluded.unit, kind = excluded.kind",
                (code, key, str(text)[:MAX_TEXT], float(low), float(high), str(unit)[:20], kind),
            )
            db.execute("UPDATE rooms SET current = ?, used = ? WHERE code = ?", (key, self.clock(), code))

        self._db.call(work, write=True)

    def current(self, code: str) -> RoomQuestion | None:
        """The room's current question (None before the teacher's page has asked one).
        Raises AnswerError when the room is not open."""
        code = check_code(code)

        def work(db: sqlite3.Connection) -> RoomQuestion | None:
            _, _, _, key = self._live(db, code)
            if key is None:
                return None
            row = db.execute(
                "SELECT key, text, low, high, unit, kind FROM questions WHERE room = ? AND key = ?",
                (code, key),
            ).fetchone()
            return RoomQuestion(*row) if row else None

        return self._db.call(work, write=False)

    # ------------------------------------------------------------------ answers

    def submit(self, code: str, key: str, device: str, value) -> float:
        """Store one device's answer to a question (replacing its earlier one); returns the value
        as stored. Raises AnswerError with a message for the phone's screen."""
        code, device = check_code(code), _check_device(device)
        now = self.clock()

        def work(db: sqlite3.Connection) -> float:
            self._live(db, code)
            row = db.execute(
                "SELECT low, high, kind FROM questions WHERE room = ? AND key = ?", (code, key)
            ).fetchone()
            if row is None or row[2] != "guess":
                raise AnswerError("This question is no longer asked in the room; reload the page.")
            number = check_value(value, row[0], row[1])
            mine = db.execute(
                "SELECT 1 FROM answers WHERE room = ? AND question = ? AND device = ?", (code, key, device)
            ).fetchone()
            if mine is None:
                (count,) = db.execute(
                    "SELECT COUNT(*) FROM answers WHERE room = ? AND question = ?", (code, key)
                ).fetchone()
                if count >= self.max_per_question:
                    raise AnswerError(
                        f"This question has its {self.max_per_question} answers; "
                        "the teacher can ask the next one."
                    )
            db.execute(
                "INSERT INTO answers (room, question, device, value, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (room, question, device) DO UPDATE SET value = excluded.value, at = excluded.at",
                (code, key, device, number, now),
            )
            db.execute("UPDATE rooms SET used = ? WHERE code = ?", (now, code))
            return number

        return self._db.call(work, write=True)

    def values(self, code: str, key: str, *, secret: str | None = None) -> list[float]:
        """Every answer to a question, oldest first (the teacher's page only)."""
        code = check_code(code)

        def work(db: sqlite3.Connection) -> tuple[float, list[float]]:
            _, _, used, _ = self._owned(db, code, secret)
            rows = db.execute(
                "SELECT value FROM answers WHERE room = ? AND question = ? ORDER BY at, rowid", (code, key)
            ).fetchall()
            return used, [r[0] for r in rows]

        used, out = self._db.call(work, write=False)
        self._touch(code, used)
        return out

    def answer_of(self, code: str, key: str, device: str) -> float | None:
        """This device's answer to the question, if it gave one."""
        row = self._db.call(
            lambda db: db.execute(
                "SELECT value FROM answers WHERE room = ? AND question = ? AND device = ?",
                (code, key, device),
            ).fetchone(),
            write=False,
        )
        return None if row is None else row[0]

    def count(self, code: str, key: str) -> int:
        """The answers to one question."""
        (n,) = self._db.call(
            lambda db: db.execute(
                "SELECT COUNT(*) FROM answers WHERE room = ? AND question = ?", (code, key)
            ).fetchone(),
            write=False,
        )
        return n

    def server_key(self) -> bytes:
        """The server's secret for signing device ids, made once and kept in the database (a
        database made again after a loss gets the key this process already knew)."""
        fresh = getattr(self, "_key", None) or secrets.token_hex(32)

        def work(db: sqlite3.Connection) -> str:
            db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('device_key', ?)", (fresh,))
            return db.execute("SELECT value FROM meta WHERE name = 'device_key'").fetchone()[0]

        self._key = self._db.call(work, write=True)
        return bytes.fromhex(self._key)

    def cleanup(self) -> None:
        """Delete expired rooms now (every write does it anyway)."""
        self._db.call(lambda db: None, write=True)
