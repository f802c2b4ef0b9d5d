"""A class's answers, kept in an embedded SQLite database: the storage layer (no Streamlit).

A teacher opens a *room* (a four-letter code); the projector page asks the room's current
*question* (its key is the page and a hash of its configuration, so a changed setting is a new
question); each phone submits one number per question, and a later answer from the same phone
replaces its earlier one. A phone is a random client id made per browser session: nothing here
names a person.

Bounds, so a room cannot grow without end: at most `max_per_room` answers in a room (a full room
refuses new phones, and still lets a phone change its answer), answers within the question's own
range only, and rooms expire `ttl` seconds after they were opened (expired rooms are deleted on
the next access, by anyone).

Safe under concurrent writers (Streamlit runs each browser session in its own thread, and more
than one server process may share the file): WAL mode, one short connection per call, writes in
`BEGIN IMMEDIATE` transactions, and a busy timeout.

    store = Store(path)                         # default: default_path()
    code = store.open_room()
    store.ask(code, "gaussian:1a2b3c", "What share ...?", low=0, high=100, unit="%")
    store.submit(code, "gaussian:1a2b3c", client="9f2c...", value=37.5)
    store.values(code, "gaussian:1a2b3c")       # [37.5]
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import numbers
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "COLLAPSE_DATA_DIR"  # where the database lives; default: .data/ in the repository
FILE_NAME = "answers.sqlite"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I and O: a code read off a projector is not mistaken
CODE_LENGTH = 4
MAX_PER_ROOM = 500
TTL_SECONDS = 6 * 3600
BUSY_TIMEOUT_S = 5.0
MAX_KEY = 120  # characters of a question key
MAX_TEXT = 500  # characters of a question's wording
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
_CLIENT = re.compile(r"[0-9a-f]{8,64}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    opened REAL NOT NULL,
    current TEXT
);
CREATE TABLE IF NOT EXISTS questions (
    room TEXT NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    low REAL NOT NULL,
    high REAL NOT NULL,
    unit TEXT NOT NULL,
    PRIMARY KEY (room, key)
);
CREATE TABLE IF NOT EXISTS answers (
    room TEXT NOT NULL,
    question TEXT NOT NULL,
    client TEXT NOT NULL,
    value REAL NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (room, question, client)
);
CREATE INDEX IF NOT EXISTS rooms_opened ON rooms (opened);
"""


class AnswerError(ValueError):
    """A refused request, with a message a student or teacher can read as it is."""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    low: float
    high: float
    unit: str


def default_path() -> Path:
    """$COLLAPSE_DATA_DIR/answers.sqlite, else .data/answers.sqlite in the repository."""
    folder = os.environ.get(DATA_ENV) or Path(__file__).resolve().parents[2] / ".data"
    return Path(folder) / FILE_NAME


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


def _check_client(client) -> str:
    if not isinstance(client, str) or not _CLIENT.fullmatch(client):
        raise AnswerError("This browser has no valid session id; reload the page.")
    return client


def new_client_id() -> str:
    """A random id for one browser session (no personal data)."""
    return secrets.token_hex(8)


class Store:
    """Rooms, their questions and answers in one SQLite file."""

    def __init__(self, path: str | os.PathLike | None = None, *, clock: Callable[[], float] = time.time,
                 max_per_room: int = MAX_PER_ROOM, ttl: float = TTL_SECONDS):
        self.path = Path(path) if path is not None else default_path()
        self.clock = clock
        self.max_per_room = max_per_room
        self.ttl = ttl
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    # ------------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            # WAL with synchronous=NORMAL cannot corrupt the file; a power cut may lose the last
            # answers, which a class can give again. It saves an fsync per answer.
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, expired rooms removed first."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                self._expire(db)
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _expire(self, db: sqlite3.Connection) -> None:
        cutoff = self.clock() - self.ttl
        old = [r[0] for r in db.execute("SELECT code FROM rooms WHERE opened < ?", (cutoff,))]
        for code in old:
            db.execute("DELETE FROM answers WHERE room = ?", (code,))
            db.execute("DELETE FROM questions WHERE room = ?", (code,))
            db.execute("DELETE FROM rooms WHERE code = ?", (code,))

    def _live(self, db: sqlite3.Connection, code: str) -> tuple:
        row = db.execute("SELECT code, opened, current FROM rooms WHERE code = ? AND opened >= ?",
                         (code, self.clock() - self.ttl)).fetchone()
        if row is None:
            raise AnswerError(f"Room {code} is not open (rooms close {self.ttl / 3600:g} hours after "
                              "they start). Ask for a new code.")
        return row

    # ------------------------------------------------------------------ rooms

    def open_room(self, code: str | None = None) -> str:
        """A new room; its code is random unless given (tests)."""
        with self._write() as db:
            for _ in range(50):
                candidate = check_code(code) if code else "".join(secrets.choice(ALPHABET)
                                                                  for _ in range(CODE_LENGTH))
                if db.execute("SELECT 1 FROM rooms WHERE code = ?", (candidate,)).fetchone() is None:
                    db.execute("INSERT INTO rooms (code, opened) VALUES (?, ?)", (candidate, self.clock()))
                    return candidate
                if code:
                    raise AnswerError(f"Room {candidate} is already open.")
        raise AnswerError("No free room code: try again in a moment.")

    def is_open(self, code: str) -> bool:
        try:
            with self._connect() as db:
                self._live(db, check_code(code))
        except AnswerError:
            return False
        return True

    def close_room(self, code: str) -> None:
        code = check_code(code)
        with self._write() as db:
            for table, column in (("answers", "room"), ("questions", "room"), ("rooms", "code")):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (code,))

    def ask(self, code: str, key: str, text: str, *, low: float, high: float, unit: str = "") -> None:
        """Make `key` the room's current question (adding it the first time it is asked)."""
        code = check_code(code)
        if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY:
            raise AnswerError("A question key is a short text.")
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise AnswerError("A question's range must be two finite numbers, low < high.")
        with self._write() as db:
            self._live(db, code)
            db.execute("INSERT INTO questions (room, key, text, low, high, unit) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT (room, key) DO UPDATE SET text = excluded.text, low = excluded.low, "
                       "high = excluded.high, unit = excluded.unit",
                       (code, key, str(text)[:MAX_TEXT], float(low), float(high), str(unit)[:20]))
            db.execute("UPDATE rooms SET current = ? WHERE code = ?", (key, code))

    def current(self, code: str) -> Question | None:
        """The room's current question (None before the teacher's page has asked one).
        Raises AnswerError when the room is not open."""
        code = check_code(code)
        with self._connect() as db:
            _, _, key = self._live(db, code)
            if key is None:
                return None
            row = db.execute("SELECT key, text, low, high, unit FROM questions WHERE room = ? AND key = ?",
                             (code, key)).fetchone()
        return Question(*row) if row else None

    # ------------------------------------------------------------------ answers

    def submit(self, code: str, key: str, client: str, value) -> float:
        """Store one phone's answer to a question (replacing its earlier one); returns the value
        as stored. Raises AnswerError with a message for the phone's screen."""
        code, client = check_code(code), _check_client(client)
        with self._write() as db:
            self._live(db, code)
            row = db.execute("SELECT low, high FROM questions WHERE room = ? AND key = ?", (code, key)).fetchone()
            if row is None:
                raise AnswerError("This question is no longer asked in the room; reload the page.")
            number = check_value(value, *row)
            mine = db.execute("SELECT 1 FROM answers WHERE room = ? AND question = ? AND client = ?",
                              (code, key, client)).fetchone()
            if mine is None:
                (count,) = db.execute("SELECT COUNT(*) FROM answers WHERE room = ?", (code,)).fetchone()
                if count >= self.max_per_room:
                    raise AnswerError(f"Room {code} is full ({self.max_per_room} answers); "
                                      "the teacher can open a new one.")
            db.execute("INSERT INTO answers (room, question, client, value, at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (room, question, client) DO UPDATE SET value = excluded.value, at = excluded.at",
                       (code, key, client, number, self.clock()))
        return number

    def values(self, code: str, key: str) -> list[float]:
        """Every answer to a question, oldest first ([] for a closed room)."""
        try:
            code = check_code(code)
        except AnswerError:
            return []
        with self._connect() as db:
            cutoff = self.clock() - self.ttl
            rows = db.execute("SELECT a.value FROM answers a JOIN rooms r ON r.code = a.room "
                              "WHERE a.room = ? AND a.question = ? AND r.opened >= ? ORDER BY a.at, a.rowid",
                              (code, key, cutoff)).fetchall()
        return [r[0] for r in rows]

    def answer_of(self, code: str, key: str, client: str) -> float | None:
        """This phone's answer to the question, if it gave one."""
        with self._connect() as db:
            row = db.execute("SELECT value FROM answers WHERE room = ? AND question = ? AND client = ?",
                             (code, key, client)).fetchone()
        return None if row is None else row[0]

    def room_count(self, code: str) -> int:
        """All answers stored in a room (every question)."""
        with self._connect() as db:
            (n,) = db.execute("SELECT COUNT(*) FROM answers WHERE room = ?", (code,)).fetchone()
        return n

    def cleanup(self) -> None:
        """Delete expired rooms now (every write does it anyway)."""
        with self._write():
            pass
