"""Real text: the default corpus, tokenisation, validation of user text, and the registry of
corpora by name.

Tokens are lower-cased words (runs of letters and digits, with inner apostrophes). Sentence
ends (".", "!", "?" or ":" before white space, and blank lines) become the boundary token
`</s>` (id 0), which also serves as the start-of-sentence context. Word ids are ranks by
frequency in the whole corpus (1 = most frequent; ties alphabetical), so a lower id is a more
common real word. The last HELDOUT_FRACTION of the tokens is held out for perplexity; the
rest is the real text that generation 1 (and any real data) is drawn from.

Corpora are named: DEFAULT ("python-docs", the Python documentation's help topics that ship
with CPython in `pydoc_data`, PSF licence) or "upload-<16 hex digits>" for a user's text,
identified by a hash of its content. A config carries only the name (small and hashable;
a URL cannot carry the text itself); the token arrays live in a bounded module-level registry
for the server's lifetime, and an evicted or unknown upload raises a clear ValueError.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from collapse_core import allocator
from collapse_core.bounded import ByteLRU, budget_from_env
from collapse_core.once import computed_once

DEFAULT = "python-docs"
DEFAULT_SOURCE = "the Python documentation's help topics, shipped with CPython (pydoc_data), PSF licence"
BOUNDARY = "</s>"
UNKNOWN = "<unk>"
HELDOUT_FRACTION = 0.1
MAX_UPLOAD_BYTES = 2_000_000
MAX_LINE_CHARS = 100_000
MIN_WORDS = 200
MAX_VOCABULARY = 16_384  # ids, boundary and <unk> included; rarer words become <unk>
MAX_CONTROL_SHARE = 0.01
UPLOAD_PREFIX = "upload-"
_NAME_RE = re.compile(r"^upload-[0-9a-f]{16}$")
REGISTRY_SIZE = 64  # texts kept at most; the byte budget below is what binds for large ones
# Uploaded and pasted texts share one store, bounded in bytes (COLLAPSE_TEXT_STORE_MB).
STORE_MB = 32

# A word (runs of letters and digits, inner apostrophes), or a sentence end ("" in findall).
_TOKEN_RE = re.compile(r"([^\W_]+(?:'[^\W_]+)*)|(?<=[.!?:])\s+|\n[ \t]*\n")
# Control characters: C0 but tab, newline, form feed and carriage return; DEL and C1.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_COMPRESSED_MAGIC = {
    b"PK\x03\x04": "a ZIP archive",
    b"PK\x05\x06": "a ZIP archive",
    b"\x1f\x8b": "a gzip file",
    b"BZh": "a bzip2 file",
    b"\xfd7zXZ\x00": "an xz file",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"\x28\xb5\x2f\xfd": "a Zstandard file",
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program (ELF)",
    b"MZ": "a Windows program",
}


@dataclass(frozen=True, eq=False)
class Corpus:
    """A tokenised corpus.

    Attributes:
        name: DEFAULT or "upload-<hash>".
        source: plain words naming where the text comes from.
        words: id -> word (index 0 is BOUNDARY; UNKNOWN present only when the vocabulary was
            capped).
        train: int32 token ids of the real text (ends with a boundary).
        heldout: int32 token ids held out for perplexity.
        train_counts: int64 (V,) counts of each id in `train`.
    """

    name: str
    source: str
    words: tuple[str, ...]
    train: np.ndarray
    heldout: np.ndarray
    train_counts: np.ndarray

    @property
    def vocabulary(self) -> int:
        """V: ids, the boundary (and <unk>) included."""
        return len(self.words)

    @property
    def special(self) -> np.ndarray:
        """Ids that are not words (boundary, <unk>)."""
        return np.array([i for i, w in enumerate(self.words) if w in (BOUNDARY, UNKNOWN)], dtype=np.int64)

    def decode(self, ids) -> str:
        """Token ids -> text, a sentence per boundary ("." shown at a boundary)."""
        out, sentence = [], []
        for i in np.asarray(ids).tolist():
            if i == 0:
                if sentence:
                    out.append(" ".join(sentence) + ".")
                sentence = []
            else:
                sentence.append(self.words[i])
        if sentence:
            out.append(" ".join(sentence) + " …")
        return " ".join(s[:1].upper() + s[1:] for s in out)


def tokens(text: str) -> tuple[list[str], np.ndarray]:
    """(the distinct words in order of first use, BOUNDARY first; int64 ids into that list of
    every token, each sentence followed by one boundary). One regex pass over the lower-cased
    text finds the words and the sentence ends together: a sentence end is white space and a
    word never holds any, so this matches splitting into sentences first; lower-casing never
    makes or removes white space or the end marks."""
    index = {"": 0}  # "" is what the sentence-end alternative yields
    ids = np.fromiter(
        (index.setdefault(t, len(index)) for t in _TOKEN_RE.findall(text.lower())), dtype=np.int64
    )
    # one boundary per sentence: none at the start, none repeated (sentences without words vanish)
    keep = ids != 0
    keep[1:] |= ids[:-1] != 0
    ids = ids[keep]
    if ids.size and ids[-1] != 0:
        ids = np.append(ids, 0)
    vocab = list(index)
    vocab[0] = BOUNDARY
    return vocab, ids


def build(name: str, source: str, text: str) -> Corpus:
    """Tokenise `text` into a Corpus (no size checks: see parse_upload for user text)."""
    return _build(name, source, *tokens(text))


def ranked(vocab: list[str], raw: np.ndarray) -> tuple[list[str], np.ndarray]:
    """tokens()' output renumbered: (id -> word, int32 ids), ids ranked by frequency (ties
    alphabetical), rarer words than MAX_VOCABULARY allows mapped to UNKNOWN."""
    counts = np.bincount(raw, minlength=len(vocab))
    # frequency rank, ties alphabetical: a stable sort by count of the alphabetical order
    alpha = np.array(sorted(range(1, len(vocab)), key=vocab.__getitem__), dtype=np.int64)
    order = alpha[np.argsort(-counts[alpha], kind="stable")]
    capped = order.size > MAX_VOCABULARY - 1
    keep = order[: MAX_VOCABULARY - 2] if capped else order
    words = [BOUNDARY, *(vocab[i] for i in keep.tolist())]
    remap = np.full(len(vocab), len(words) if capped else -1, dtype=np.int64)
    remap[0] = 0
    remap[keep] = np.arange(1, keep.size + 1)
    if capped:
        words.append(UNKNOWN)
    return words, remap[raw].astype(np.int32)


def _build(name: str, source: str, vocab: list[str], raw: np.ndarray) -> Corpus:
    if not raw.size:
        raise ValueError("the text contains no words (letters or digits)")
    words, ids = ranked(vocab, raw)
    cut = min(max(round(ids.size * (1 - HELDOUT_FRACTION)), 1), ids.size - 1)
    train = np.append(ids[:cut], np.int32(0)) if ids[cut - 1] != 0 else ids[:cut]
    heldout = ids[cut:]
    v = len(words)
    return Corpus(
        name=name,
        source=source,
        words=tuple(words),
        train=train,
        heldout=heldout,
        train_counts=np.bincount(train, minlength=v).astype(np.int64),
    )


@computed_once
def default_corpus() -> Corpus:
    """The Python documentation's help topics (pydoc_data, always present with CPython)."""
    from pydoc_data.topics import topics

    text = "\n\n".join(topics[k] for k in sorted(topics))
    return build(DEFAULT, DEFAULT_SOURCE, text)


# ---------------------------------------------------------------- user text


def _describe_magic(data: bytes) -> str | None:
    for magic, what in _COMPRESSED_MAGIC.items():
        if data.startswith(magic):
            return what
    return None


def control_count(text: str) -> int:
    """How many control characters `text` holds (tab, newline, form feed and return excepted)."""
    return len(_CONTROL_RE.findall(text))


def size_message(size: int, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Why a text of `size` bytes is refused (pasted or uploaded: one limit)."""
    return f"the text is {size:,} bytes; the limit is {max_bytes:,} bytes (about {max_bytes // 6:,} words)"


def decode_upload(data, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """User text (bytes of a .txt file, or a pasted str) -> str, or ValueError saying why not.

    Refused: anything but bytes/str; empty; over `max_bytes`; archives, images, programs and
    other binary files (never opened, so a zip bomb costs nothing); NUL bytes; invalid UTF-8;
    control characters beyond 1%; a line over MAX_LINE_CHARS characters.
    """
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"the text holds a character that is not valid Unicode at position {exc.start}"
            ) from None
    elif isinstance(data, bytes):
        raw = data
    else:
        raise ValueError(f"expected text or the bytes of a .txt file; got {type(data).__name__}")
    if len(raw) > max_bytes:
        raise ValueError(size_message(len(raw), max_bytes))
    if not raw.strip():
        raise ValueError("the text is empty")
    what = _describe_magic(raw)
    if what:
        raise ValueError(
            f"this looks like {what}, not plain text; upload a UTF-8 .txt file (archives are never opened)"
        )
    if b"\x00" in raw:
        raise ValueError(
            "the file contains NUL bytes, so it is binary (or UTF-16); save it as UTF-8 plain text"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"the file is not valid UTF-8 (byte {exc.start:,}); save it as UTF-8 plain text"
        ) from None
    control = control_count(text)
    if control > MAX_CONTROL_SHARE * len(text):
        raise ValueError(f"{control:,} control characters: this looks like a binary file, not text")
    longest = max(len(line) for line in text.splitlines())
    if longest > MAX_LINE_CHARS:
        raise ValueError(
            f"one line is {longest:,} characters long (limit {MAX_LINE_CHARS:,}); is this "
            "minified data rather than prose? Add line breaks"
        )
    return text


def parse_upload(data, max_bytes: int = MAX_UPLOAD_BYTES) -> Corpus:
    """Validate and tokenise user text: a Corpus named by its content hash, or ValueError with
    a message fit for the page (see decode_upload; also: no words, fewer than MIN_WORDS words,
    fewer than 2 distinct words)."""
    text = decode_upload(data, max_bytes)
    vocab, raw = tokens(text)
    n_words = int(np.count_nonzero(raw))
    if n_words == 0:
        raise ValueError("the text contains no words (only punctuation, symbols or white space)")
    if n_words < MIN_WORDS:
        raise ValueError(f"the text has {n_words:,} words; at least {MIN_WORDS} are needed")
    name = UPLOAD_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    corpus = _build(name, "your text", vocab, raw)
    if corpus.vocabulary < 3:
        raise ValueError("the text has a single distinct word; nothing could be lost")
    return corpus


# ---------------------------------------------------------------- registry


def corpus_bytes(corpus: Corpus) -> int:
    """What a corpus holds: its token arrays and its words (a str object is about 56 bytes
    before its characters)."""
    arrays = corpus.train.nbytes + corpus.heldout.nbytes + corpus.train_counts.nbytes
    return arrays + sum(56 + len(w) for w in corpus.words)


_uploads = ByteLRU(
    budget_from_env("COLLAPSE_TEXT_STORE_MB", STORE_MB),
    sizeof=corpus_bytes,
    on_evict=lambda _: allocator.trim_soon(),
    max_entries=REGISTRY_SIZE,
)


def register(corpus: Corpus) -> str:
    """Keep an uploaded or pasted corpus in the shared store (least recently used evicted past
    its byte budget or REGISTRY_SIZE texts); returns its name."""
    _uploads.put(corpus.name, corpus)
    return corpus.name


def check_name(name: object) -> None:
    """Config-level check of a corpus name (its form only, not whether it is loaded)."""
    if not isinstance(name, str) or not (name == DEFAULT or _NAME_RE.match(name)):
        raise ValueError(f"corpus must be {DEFAULT!r} or 'upload-' followed by 16 hex digits; got {name!r}")


def get(name: str) -> Corpus:
    """The corpus of that name, or ValueError (e.g. an upload this server no longer holds)."""
    check_name(name)
    if name == DEFAULT:
        return default_corpus()
    corpus = _uploads.get(name)
    if corpus is None:
        raise ValueError(
            f"the uploaded text {name!r} is not in this server's memory (uploads are kept only "
            "while the server runs, and a link cannot carry the text): upload it again"
        )
    return corpus
