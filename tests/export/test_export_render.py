"""PNG/SVG through kaleido and Debian's chromium: the picture's pixel size, that it is not
blank, that the SVG is XML with the chart's title, and the page's panel building a full pack.

Kept few (one pack shared by the file): each render costs 0.2-0.4 s, the browser's start 2-3 s.
Without chromium they are skipped with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import functools
import io
import zipfile
from xml.etree import ElementTree

import pytest
from conftest import require_chromium
from PIL import Image, ImageStat
from streamlit.testing.v1 import AppTest

from collapse_core import simulate
from collapse_ui.exporting import pack
from collapse_ui.exporting import pages as registry

pytestmark = pytest.mark.export

SPEC = registry.get("gaussian")
VALUES = {**SPEC.defaults(), "sample_size": 20, "generations": 60, "replicates": 20, "seed": 11}
WIDTH, HEIGHT, SCALE = 1280, 720, 1.5


@functools.cache
def files() -> dict[str, bytes]:
    digest = SPEC.digest(simulate(SPEC.config_from(VALUES)))
    req = SPEC.pack_request(VALUES, digest=digest, width=WIDTH, height=HEIGHT, scale=SCALE)
    return pack.build_files(req)


@pytest.fixture
def pack_files() -> dict[str, bytes]:
    require_chromium()
    return files()


def test_png_has_the_requested_pixel_size_and_is_not_blank(pack_files):
    pngs = [n for n in pack_files if n.endswith(".png")]
    assert len(pngs) == 5
    for name in pngs:
        image = Image.open(io.BytesIO(pack_files[name])).convert("L")
        assert image.size == (round(WIDTH * SCALE), round(HEIGHT * SCALE)), name
        stat = ImageStat.Stat(image)
        assert stat.stddev[0] > 10, f"{name} is (nearly) one colour"
        lo, hi = image.getextrema()
        assert lo < 60 and hi > 240  # dark text and lines on a white ground
        # Not blank in any quarter either: the plot fills the picture, not a corner of it.
        w, h = image.size
        for box in (
            (0, 0, w // 2, h // 2),
            (w // 2, 0, w, h // 2),
            (0, h // 2, w // 2, h),
            (w // 2, h // 2, w, h),
        ):
            assert ImageStat.Stat(image.crop(box)).stddev[0] > 5, f"{name}: a quarter is empty"


def test_svg_parses_and_shows_the_chart_title_and_the_caption(pack_files):
    digest = SPEC.digest(simulate(SPEC.config_from(VALUES)))
    titles = [title for title, _, _ in SPEC.charts(digest, VALUES)]
    svgs = sorted(n for n in pack_files if n.endswith(".svg"))
    assert len(svgs) == 5
    for name, title in zip(svgs, titles, strict=True):
        root = ElementTree.fromstring(pack_files[name])
        assert root.get("width") == str(WIDTH) and root.get("height") == str(HEIGHT)
        text = " ".join("".join(el.itertext()) for el in root.iter())
        assert title in text, name
        assert "seed 11" in text, f"{name}: no settings caption"


def test_zip_holds_pngs_svgs_and_the_rest(pack_files):
    stem = SPEC.file_stem(VALUES)
    expected = {"config.json", "permalink.txt", "README.txt", f"{stem}.html"}
    assert expected <= set(pack_files)
    for kind in ("png", "svg", "data"):
        assert sum(n.startswith(f"{kind}/") for n in pack_files) == 5


def test_panel_builds_a_zip_with_pictures_when_clicked(app: AppTest):
    require_chromium()
    for name, value in {"sample_size": "20", "generations": "40", "replicates": "20"}.items():
        app.query_params[name] = value
    app.run()
    assert [b for b in app.get("download_button") if b.label == "SVG"]  # one per chart
    app.selectbox(key="gaussian.export.size").set_value("1280 × 720 (16:9, HD)")
    app.selectbox(key="gaussian.export.scale").set_value(1)
    app.button(key="gaussian.export.build").click().run(timeout=120)
    assert not app.exception and not app.error
    _, data, _ = app.session_state["gaussian.export.zip"]
    archive = zipfile.ZipFile(io.BytesIO(data))
    pngs = [n for n in archive.namelist() if n.endswith(".png")]
    assert len(pngs) == 5
    assert Image.open(io.BytesIO(archive.read(pngs[0]))).size == (1280, 720)
    assert [b for b in app.get("download_button") if b.label == "Download the ZIP"]
