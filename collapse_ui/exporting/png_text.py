"""An exported PNG's text alternative: the chart's title and description (collapse_ui/describe.py)
as the PNG's standard "Title" and "Description" text chunks (iTXt: UTF-8), placed right after the
header, where image viewers, slide tools and screen-reader-aware importers read alt text from."""

from __future__ import annotations

import struct
import zlib

import plotly.graph_objects as go

from collapse_ui import describe

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt(keyword: str, text: str) -> bytes:
    """An uncompressed international text chunk (no language tag)."""
    return chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def with_text(png: bytes, title: str, desc: str) -> bytes:
    if not png.startswith(SIGNATURE) or png[12:16] != b"IHDR":
        return png  # not a PNG we drew: leave it as it is
    (length,) = struct.unpack(">I", png[8:12])
    end = 8 + 12 + length  # signature, then IHDR's length, type, data and CRC
    return png[:end] + itxt("Title", title) + itxt("Description", desc) + png[end:]


def text_chunks(png: bytes) -> dict[str, str]:
    """The iTXt chunks of `png` as {keyword: text}, every chunk's CRC checked (for tests and tools)."""
    out, at = {}, len(SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        if zlib.crc32(kind + data) != crc:
            raise ValueError(f"damaged {kind!r} chunk")
        if kind == b"iTXt":
            keyword, rest = data.split(b"\0", 1)
            _, _, language_and_rest = rest[0], rest[1], rest[2:]
            _, rest = language_and_rest.split(b"\0", 1)
            _, text = rest.split(b"\0", 1)
            out[keyword.decode("latin-1")] = text.decode("utf-8")
        at += 12 + length
    return out


def described(png: bytes, fig: go.Figure) -> bytes:
    """`png` (drawn from `fig`) with fig's title and description."""
    return with_text(png, describe.plain(fig.layout.title.text) or "Chart", describe.describe(fig))
