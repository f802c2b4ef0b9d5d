"""User text: parse_upload accepts prose and refuses hostile input with a clear message."""

import bz2
import gzip
import io
import zipfile

import numpy as np
import pytest

from collapse_core.text import corpus as corpus_mod
from collapse_core.text.corpus import MAX_UPLOAD_BYTES, parse_upload

PROSE = (
    "The quick brown fox jumps over the lazy dog. A model that learns from its own words forgets the rare "
    "ones first! Does it? "
) * 20


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", b"0" * 5_000_000)
    return buf.getvalue()


HOSTILE = {
    "empty bytes": (b"", "empty"),
    "empty str": ("", "empty"),
    "white space": (" \n\t\n  ", "empty"),
    "too large": (b"word " * (MAX_UPLOAD_BYTES // 5 + 1), "limit is 2,000,000 bytes"),
    "zip bomb": (_zip_bomb(), "ZIP archive"),
    "gzip": (gzip.compress(PROSE.encode()), "gzip"),
    "bzip2": (bz2.compress(PROSE.encode()), "bzip2"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
    "pdf": (b"%PDF-1.7\n" + PROSE.encode(), "PDF"),
    "elf": (b"\x7fELF\x02\x01\x01" + bytes(200), "program"),
    "nul bytes": (PROSE.encode() + b"\x00\x00", "NUL bytes"),
    "utf-16": (PROSE.encode("utf-16"), "NUL bytes"),
    "latin-1": ("Café crème brûlée. ".encode("latin-1") * 50, "not valid UTF-8"),
    "random bytes": (
        np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes().replace(b"\x00", b"\x01"),
        "not valid UTF-8",
    ),
    "control characters": (("word \x07\x08\x1b " * 300).encode(), "control characters"),
    "one huge line": (("word " * 30_000).encode(), "one line is 150,000 characters"),
    "only punctuation": ("!?.,;:-- ... ((( ))) " * 100, "no words"),
    "only symbols": ("$%^&* +=<> " * 100, "no words"),
    "too short": ("Just a few words here.", "at least 200 are needed"),
    "one word repeated": ("echo " * 500, "single distinct word"),
    "lone surrogate": ("text \ud800 more " * 100, "not valid Unicode"),
    "not text at all": (12345, "expected text or the bytes"),
    "a list": (["a", "b"], "expected text or the bytes"),
    "None": (None, "expected text or the bytes"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_refused_with_a_clear_message(name):
    data, fragment = HOSTILE[name]
    with pytest.raises(ValueError) as exc:
        parse_upload(data)
    assert fragment in str(exc.value), str(exc.value)
    assert "\n" not in str(exc.value)


def test_prose_is_accepted_named_by_content_and_registered():
    corp = parse_upload(PROSE.encode("utf-8-sig"))  # a BOM is fine
    assert corp.name.startswith("upload-") and len(corp.name) == 7 + 16
    assert parse_upload(PROSE).name == corp.name  # pasted str == uploaded bytes
    assert corp.words[0] == "</s>" and corp.words[1] == "the"
    assert corp.train[-1] == 0 and corp.heldout.size > 0
    assert corp.train_counts.sum() == corp.train.size
    corpus_mod.register(corp)
    assert corpus_mod.get(corp.name) is corp


def test_registry_is_bounded():
    names = []
    for i in range(corpus_mod.REGISTRY_SIZE + 2):
        names.append(corpus_mod.register(parse_upload(PROSE + f" extra{i} words.")))
    with pytest.raises(ValueError, match="upload it again"):
        corpus_mod.get(names[0])
    assert corpus_mod.get(names[-1]).name == names[-1]


def test_vocabulary_is_capped_with_unknown(monkeypatch):
    monkeypatch.setattr(corpus_mod, "MAX_VOCABULARY", 10)
    corp = parse_upload(" ".join(f"w{i}" for i in range(300)) + ".")
    assert corp.vocabulary == 10 and corp.words[-1] == "<unk>"
    assert set(corp.special.tolist()) == {0, 9}


def test_text_store_is_bounded_in_bytes(monkeypatch):
    """Uploaded and pasted texts share one store: past its byte budget the least recently used
    text goes, and a text larger than the whole budget is never kept."""
    corpora = [parse_upload(PROSE + f" bytes{i} words.") for i in range(3)]
    size = corpus_mod.corpus_bytes(corpora[0])
    monkeypatch.setattr(corpus_mod._uploads, "budget", int(2.5 * size))
    corpus_mod._uploads.clear()
    names = [corpus_mod.register(c) for c in corpora]
    assert corpus_mod._uploads.nbytes <= 2.5 * size
    with pytest.raises(ValueError, match="upload it again"):
        corpus_mod.get(names[0])
    assert corpus_mod.get(names[1]) is corpora[1] and corpus_mod.get(names[2]) is corpora[2]
    big = parse_upload(" ".join(f"w{i}" for i in range(4000)) + ".")
    assert corpus_mod.corpus_bytes(big) > 2.5 * size
    corpus_mod.register(big)
    with pytest.raises(ValueError, match="upload it again"):
        corpus_mod.get(big.name)
    assert corpus_mod.get(names[2]) is corpora[2]  # what fitted is still there
