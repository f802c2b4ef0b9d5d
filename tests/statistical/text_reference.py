"""The text tokenizer as first written (a regex split into sentences, then a findall per
sentence, and numpy's unique over an object array), kept as the reference the fast one in
collapse_core/text/corpus.py must match token for token."""

from __future__ import annotations

import re

import numpy as np

from collapse_core.text.corpus import BOUNDARY, MAX_VOCABULARY, UNKNOWN

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SENTENCE_RE = re.compile(r"(?<=[.!?:])\s+|\n[ \t]*\n")


def sentences(text: str) -> list[list[str]]:
    out = []
    for part in _SENTENCE_RE.split(text):
        words = _WORD_RE.findall(part.lower())
        if words:
            out.append(words)
    return out


def control_count(text: str) -> int:
    return sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0)


def vocabulary_and_ids(text: str) -> tuple[list[str], np.ndarray]:
    """(words by id, int32 token ids of the whole text), as the first build() made them."""
    flat: list[str] = []
    for s in sentences(text):
        flat.extend(s)
        flat.append(BOUNDARY)
    uniq, inverse, counts = np.unique(np.array(flat, dtype=object), return_inverse=True, return_counts=True)
    words_only = [i for i, w in enumerate(uniq) if w != BOUNDARY]
    order = sorted(words_only, key=lambda i: -counts[i])
    capped = len(order) > MAX_VOCABULARY - 1
    keep = order[: MAX_VOCABULARY - 2] if capped else order
    words = [BOUNDARY, *(str(uniq[i]) for i in keep)]
    remap = np.full(uniq.size, len(words) if capped else -1, dtype=np.int64)
    remap[np.flatnonzero(uniq == BOUNDARY)] = 0
    remap[np.array(keep, dtype=np.int64)] = np.arange(1, len(keep) + 1)
    if capped:
        words.append(UNKNOWN)
    return words, remap[inverse.ravel()].astype(np.int32)
