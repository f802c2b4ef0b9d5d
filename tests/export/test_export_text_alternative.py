"""Exported pictures carry the chart's text alternative: every SVG of the slide pack has <title>
(the chart's title) and <desc> (its description, with the digest's numbers) as the root's first
children, and the offline HTML puts each description before its chart."""

from __future__ import annotations

import functools
import html
from xml.etree import ElementTree

import pytest
from conftest import require_chromium

from collapse_core import simulate
from collapse_ui import describe
from collapse_ui.exporting import pack, png_text, svg_text
from collapse_ui.exporting import pages as registry

SVG_NS = "{http://www.w3.org/2000/svg}"
SPEC = registry.get("gaussian")
VALUES = {**SPEC.defaults(), "sample_size": 20, "generations": 40, "replicates": 20, "seed": 5}


@functools.cache
def built(formats: tuple[str, ...]):
    digest = SPEC.digest(simulate(SPEC.config_from(VALUES)))
    req = SPEC.pack_request(VALUES, digest=digest, width=960, height=540, scale=1.0)
    req = type(req)(**{**req.__dict__, "formats": formats})
    return digest, SPEC.charts(digest, VALUES), pack.build_files(req)


@pytest.mark.export
def test_every_exported_svg_has_the_charts_title_and_description():
    require_chromium()
    digest, charts, files = built(("svg",))
    svgs = sorted(n for n in files if n.endswith(".svg"))
    assert len(svgs) == len(charts) == 5
    for name, (title, fig, _) in zip(svgs, charts, strict=True):
        root = ElementTree.fromstring(files[name])
        first, second = list(root)[:2]
        assert first.tag == f"{SVG_NS}title" and first.text == describe.plain(title), name
        assert second.tag == f"{SVG_NS}desc" and second.text == describe.describe(fig), name
        assert root.get("role") == "img"
    median = digest.bands["variance_ratio"].median
    first_desc = ElementTree.fromstring(files[svgs[0]])[1].text
    assert f"goes from {describe.num(median[0])} to {describe.num(median[-1])}" in first_desc


def test_with_text_escapes_and_keeps_the_svg_valid():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    out = svg_text.with_text(svg, "a < b & c", 'said "x" > y')
    root = ElementTree.fromstring(out)
    assert [child.tag for child in root] == [f"{SVG_NS}title", f"{SVG_NS}desc", f"{SVG_NS}rect"]
    assert root[0].text == "a < b & c" and root[1].text == 'said "x" > y'
    assert svg_text.with_text(b"not an svg", "t", "d") == b"not an svg"


def test_the_offline_html_describes_every_chart_before_drawing_it():
    _, charts, files = built(("html",))
    page = next(v.decode() for k, v in files.items() if k.endswith(".html"))
    for i, (_, fig, _) in enumerate(charts, start=1):
        described = f"<p id='chart-desc-{i}' class='sr-only'>"
        assert f"aria-describedby='chart-desc-{i}'" in page
        at = page.index(described)
        assert page[at + len(described) :].startswith(html.escape(describe.describe(fig)) + "</p>")


def test_png_text_chunks_round_trip_and_keep_the_png_readable():
    import struct
    import zlib

    ihdr = png_text.chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = png_text.chunk(b"IDAT", zlib.compress(b"\0\0"))
    png = png_text.SIGNATURE + ihdr + idat + png_text.chunk(b"IEND", b"")
    out = png_text.with_text(png, "Variance ÷ truth", "goes from 1 to 0.13 <b>")
    assert png_text.text_chunks(out) == {
        "Title": "Variance ÷ truth",
        "Description": "goes from 1 to 0.13 <b>",
    }
    assert out.endswith(idat + png_text.chunk(b"IEND", b""))  # the picture itself is untouched
    assert png_text.with_text(b"not a png", "t", "d") == b"not a png"
    with pytest.raises(ValueError, match="damaged"):
        png_text.text_chunks(out[:40] + bytes([out[40] ^ 1]) + out[41:])


@pytest.mark.export
def test_every_exported_png_carries_the_charts_title_and_description():
    require_chromium()
    _, charts, files = built(("png",))
    pngs = sorted(n for n in files if n.endswith(".png"))
    assert len(pngs) == len(charts) == 5
    for name, (title, fig, _) in zip(pngs, charts, strict=True):
        text = png_text.text_chunks(files[name])
        assert text == {"Title": describe.plain(title), "Description": describe.describe(fig)}, name
