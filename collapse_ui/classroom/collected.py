"""The class's own data in the answers database (no Streamlit): a *data question* asks each phone
for one value of something about the class (a height, a number, a word) instead of a guess.

The same privacy rules as the guesses: a device (a signed random id) gives one value per data
question and nothing names a person; the room's size cap (the store's `max_per_question`) and
lifetime hold. A phone's value is final: sending the same value again changes nothing (a retry
is counted once), a different one is refused, so every phone counts once in the class's data.

    ask(store, code, key, prompt, kind="number", low=50, high=250, unit="cm", secret=secret)
    give(store, code, key, device, "172")       # -> (172.0, True); again -> (172.0, False)
    values(store, code, key, secret=secret)     # [172.0, ...] oldest first (the teacher only)
"""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata

from collapse_ui.classroom.answers import AnswerError, Store, _check_device, check_code

MAX_WORD = 24  # characters of a word or label
MAX_NUMBER_TEXT = 32  # characters of a typed number
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def parse(raw, kind: str, low: float, high: float) -> float | str:
    """What a phone typed -> the value to keep, or AnswerError saying what is wrong with it
    (the message never repeats the text: it is shown as it is)."""
    if not isinstance(raw, str):
        raise AnswerError("Type your answer in the box.")
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        raise AnswerError("The box is empty: type your answer first.")
    if kind == "number":
        if len(text) > MAX_NUMBER_TEXT or not _NUMBER.fullmatch(text):
            raise AnswerError(f"That is not a number: type digits, e.g. {low:g}.")
        number = float(text.replace(",", "."))
        if not math.isfinite(number) or not low <= number <= high:
            raise AnswerError(f"Out of range: the answer must be between {low:g} and {high:g}.")
        return number + 0.0  # -0.0 -> 0.0
    if kind == "word":
        if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in text):
            raise AnswerError("A word may not hold control or invisible characters.")
        word = " ".join(text.split())
        if len(word) > MAX_WORD:
            raise AnswerError(f"Too long: at most {MAX_WORD} characters.")
        return word
    raise AnswerError("This question does not take a value; reload the page.")


def ask(
    store: Store,
    code: str,
    key: str,
    prompt: str,
    *,
    kind: str,
    low: float = 0.0,
    high: float = 1.0,
    unit: str = "",
    secret: str | None = None,
) -> None:
    """Make a data question the room's current one (a word question keeps the range unused)."""
    if kind not in ("number", "word"):
        raise AnswerError("The class's data is numbers or words.")
    store.ask(code, key, prompt, low=low, high=high, unit=unit, secret=secret, kind=kind)


def give(store: Store, code: str, key: str, device: str, raw) -> tuple[float | str, bool]:
    """One phone's value: (the value as kept, True if it was new). The same value again is
    (value, False); a different one, a full room or a question no longer asked: AnswerError."""
    code = check_code(code)
    device = _check_device(device)
    now = store.clock()

    def work(db: sqlite3.Connection) -> tuple[float | str, bool]:
        store._live(db, code)
        row = db.execute(
            "SELECT low, high, kind FROM questions WHERE room = ? AND key = ?", (code, key)
        ).fetchone()
        if row is None or row[2] not in ("number", "word"):
            raise AnswerError("This question is no longer asked in the room; reload the page.")
        low, high, kind = row
        value = parse(raw, kind, low, high)
        mine = db.execute(
            "SELECT number, word FROM collected WHERE room = ? AND question = ? AND device = ?",
            (code, key, device),
        ).fetchone()
        if mine is not None:
            kept = mine[0] if kind == "number" else mine[1]
            if kept == value:
                return value, False
            shown = f"{kept:g}" if kind == "number" else "a word"
            raise AnswerError(f"This phone has already sent its answer ({shown}): one answer per phone.")
        (count,) = db.execute(
            "SELECT COUNT(*) FROM collected WHERE room = ? AND question = ?", (code, key)
        ).fetchone()
        if count >= store.max_per_question:
            raise AnswerError(f"The class's data has its {store.max_per_question} answers: the room is full.")
        db.execute(
            "INSERT INTO collected (room, question, device, number, word, at) VALUES (?, ?, ?, ?, ?, ?)",
            (code, key, device, value if kind == "number" else None, value if kind == "word" else None, now),
        )
        db.execute("UPDATE rooms SET used = ? WHERE code = ?", (now, code))
        return value, True

    return store._db.call(work, write=True)


def values(store: Store, code: str, key: str, *, secret: str | None = None) -> list[float] | list[str]:
    """Every value of a data question, oldest first (the teacher's page only)."""
    code = check_code(code)

    def work(db: sqlite3.Connection):
        _, _, used, _ = store._owned(db, code, secret)
        rows = db.execute(
            "SELECT number, word FROM collected WHERE room = ? AND question = ? ORDER BY at, rowid",
            (code, key),
        ).fetchall()
        return used, [n if w is None else w for n, w in rows]

    used, out = store._db.call(work, write=False)
    store._touch(code, used)
    return out


def value_of(store: Store, code: str, key: str, device: str) -> float | str | None:
    """This device's value, if it sent one."""
    row = store._db.call(
        lambda db: db.execute(
            "SELECT number, word FROM collected WHERE room = ? AND question = ? AND device = ?",
            (code, key, device),
        ).fetchone(),
        write=False,
    )
    return None if row is None else (row[0] if row[1] is None else row[1])
