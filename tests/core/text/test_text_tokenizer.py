"""The one-pass tokenizer gives exactly what the first one (tests/statistical/text_reference.py) gave: the
same words, ids and control-character counts on the upload tests' hostile inputs, the default
corpus and seeded random Unicode text."""

from __future__ import annotations

import numpy as np
import pytest
from test_text_upload import HOSTILE, PROSE
from text_reference import control_count, vocabulary_and_ids

from collapse_core.text import corpus as corpus_mod


def _text(data) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return str(data)


def _fast(text: str):
    words, ids = corpus_mod.ranked(*corpus_mod.tokens(text))
    return words, ids


def _same(text: str) -> None:
    ref_words, ref_ids = vocabulary_and_ids(text)
    words, ids = _fast(text)
    assert words == ref_words
    assert ids.dtype == ref_ids.dtype and np.array_equal(ids, ref_ids)
    assert corpus_mod.control_count(text) == control_count(text)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_inputs_tokenise_as_before(name):
    _same(_text(HOSTILE[name][0]))


def test_default_corpus_tokenises_as_before():
    from pydoc_data.topics import topics

    text = "\n\n".join(topics[k] for k in sorted(topics))
    _same(text)
    assert corpus_mod.default_corpus().vocabulary == len(vocabulary_and_ids(text)[0])


def test_prose_and_the_vocabulary_cap_tokenise_as_before(monkeypatch):
    _same(PROSE)
    monkeypatch.setattr(corpus_mod, "MAX_VOCABULARY", 50)
    import text_reference

    monkeypatch.setattr(text_reference, "MAX_VOCABULARY", 50)
    _same(" ".join(f"w{i % 97} x{i % 13}." for i in range(3000)))


# Letters of several scripts (Greek capital sigma has a context-dependent lower case, the Turkish
# dotted I lower-cases to two characters), digits, apostrophes, underscores, end marks, spaces.
ALPHABET = [
    *"aZé9_'.!?:;, \t\n\r\f-",
    "Σ",
    "ΑΣ",
    "İ",
    "ß",
    "Ǆ",
    "\u0307",
    "\xa0",
    "\u2028",
    "\x85",
    "\x07",
    "日本",
    "١٢",
    "\ufb01",
    "\n\n",
    "\n \n",
    ". ",
    "'s",
]


@pytest.mark.parametrize("seed", range(20))
def test_random_unicode_text_tokenises_as_before(seed):
    rng = np.random.default_rng(seed)
    _same("".join(rng.choice(ALPHABET, size=3000)))


def test_control_count_matches_on_every_code_point_below_0x3000():
    text = "".join(map(chr, range(0x3000)))
    assert corpus_mod.control_count(text) == control_count(text)
