"""One SQLite file that degrades gracefully (no Streamlit): every call opens a short connection
(WAL mode, a busy timeout, writes in `BEGIN IMMEDIATE`), retries a bounded number of times on a
lock, makes the schema again when the file is not the one it was made in (deleted, replaced, or
holding no tables), and moves a damaged file aside (`<name>.damaged-<time>`) before starting a
fresh one. What still fails raises StorageError, whose message starts with "The class's answers
cannot be saved:" and says why; no sqlite3 exception leaves this module.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_S = 1.0  # per attempt; read at call time
RETRIES = 3  # more attempts after a lock, a missing schema or a damaged file


class AnswerError(ValueError):
    """A refused request, with a message a student or teacher can read as it is."""


class StorageError(AnswerError):
    """The database cannot be used now (locked too long, read-only, missing, damaged)."""

    def __init__(self, reason: str):
        super().__init__(f"The class's answers cannot be saved: {reason}.")


def kind(exc: sqlite3.Error) -> str:
    """busy, schema, damaged or other: what the retry loop does about a sqlite3 error."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if "no such table" in text or "no such column" in text:
        return "schema"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "damaged"
    return "other"


def _reason(exc: BaseException, folder: Path) -> str:
    text = str(exc).lower()
    if isinstance(exc, sqlite3.Error) and kind(exc) == "busy":
        return "the database is locked by another writer for too long; try again in a moment"
    if "full" in text or "no space" in text:
        return "the disk is full"
    if not folder.is_dir():
        return f"the data folder is missing and cannot be made ({type(exc).__name__})"
    if any(w in text for w in ("readonly", "read-only", "permission", "not permitted", "unable to open")):
        return "the data folder is read-only"
    return f"the database failed ({type(exc).__name__}: {str(exc)[:120]})"


class Database:
    """`call(work, write=...)` runs `work(connection)` on the file at `path`, whose tables
    `schema` makes (and whose `PRAGMA user_version` it sets to `version`). A file of an older
    version listed in `migrations` ({old version: statements}) is brought forward by them, in
    one transaction, keeping what it holds; a file of any other version is emptied first.
    `before_write(connection)` runs first in every write."""

    def __init__(
        self,
        path: Path,
        schema: str,
        version: int,
        *,
        before_write: Callable[[sqlite3.Connection], None] | None = None,
        migrations: Mapping[int, Sequence[str]] | None = None,
    ):
        self.path, self.schema, self.version, self.before_write = path, schema, version, before_write
        self.migrations = dict(migrations or {})
        self._lock = threading.Lock()
        self._ready: tuple[int, int] | None = None  # (device, inode) of the file whose schema is made

    def _identity(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            # WAL with synchronous=NORMAL cannot corrupt the file; a power cut may lose the last
            # answers, which a class can give again. It saves an fsync per answer.
            db.execute("PRAGMA synchronous=NORMAL")
            # The schema is made again whenever the file is not the one it was made in (deleted,
            # replaced), not once per process.
            if self._ready is None or self._ready != self._identity():
                self._make_schema(db)
            yield db
        finally:
            db.close()

    def _make_schema(self, db: sqlite3.Connection) -> None:
        with self._lock:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version in self.migrations:
                self._migrate(db)
            elif version != self.version:  # another layout: what it holds lives hours, so start afresh
                tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                for table in tables:
                    db.execute(f'DROP TABLE IF EXISTS "{table}"')
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(self.schema)
            db.execute(f"PRAGMA user_version = {int(self.version)}")
            self._ready = self._identity()

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring an older file forward step by step; the version is read again under the write
        lock, so two processes opening the same old file migrate it once."""
        db.execute("BEGIN IMMEDIATE")
        try:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            while version in self.migrations:
                for statement in self.migrations[version]:
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version = {int(version)}")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _set_aside(self) -> None:
        """Move a damaged database (and its WAL files) aside, so a fresh one can start."""
        stamp = time.strftime("%Y%m%dT%H%M%S")
        with contextlib.suppress(FileNotFoundError):
            os.replace(self.path, self.path.with_name(f"{self.path.name}.damaged-{stamp}"))
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path.with_name(self.path.name + suffix))
        self._ready = None

    def call(self, work: Callable[[sqlite3.Connection], Any], *, write: bool) -> Any:
        """Run `work` on a fresh connection (in a write transaction when `write`), retrying a
        bounded number of times; sqlite3 and OS errors become StorageError."""
        for attempt in range(RETRIES + 1):
            last = attempt == RETRIES
            try:
                with self._connect() as db:
                    if not write:
                        return work(db)
                    db.execute("BEGIN IMMEDIATE")
                    try:
                        if self.before_write is not None:
                            self.before_write(db)
                        out = work(db)
                    except BaseException:
                        with contextlib.suppress(sqlite3.Error):
                            db.execute("ROLLBACK")
                        raise
                    db.execute("COMMIT")
                    return out
            except AnswerError:
                raise
            except sqlite3.Error as exc:
                what = kind(exc)
                if last or what == "other":
                    raise StorageError(_reason(exc, self.path.parent)) from None
                if what == "busy":
                    time.sleep(0.05 * 2**attempt)
                elif what == "schema":
                    self._ready = None
                else:  # damaged
                    try:
                        self._set_aside()
                    except OSError as os_exc:
                        raise StorageError(_reason(os_exc, self.path.parent)) from None
            except OSError as exc:
                raise StorageError(_reason(exc, self.path.parent)) from None
        raise StorageError("the database failed")  # pragma: no cover - the loop returns or raises
