"""collapse_ui/static_hint.py: the served page asks for the chart library from its first line,
and anything unexpected leaves Streamlit's own page in use."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from collapse_ui import static_hint

INDEX = "<html>\n  <head>\n    <title>Streamlit</title>\n  </head>\n</html>\n"


def fake_static(root: Path, chunks=("PlotlyChart.AbC_12.js",), index: str | None = INDEX) -> Path:
    js = root / "static" / "js"
    js.mkdir(parents=True)
    for name in (*chunks, "index.Zz9.js"):
        (js / name).write_text("export default 1;")
    if index is not None:
        (root / "index.html").write_text(index)
    (root / "favicon.png").write_bytes(b"\x89PNG")
    return root


def test_the_copy_adds_one_hint_and_changes_nothing_else(tmp_path):
    static = fake_static(tmp_path / "st")
    served = static_hint.prepare(static, tmp_path / "cache")
    assert served is not None and served != static
    html = (served / "index.html").read_text()
    assert html.count('<link rel="modulepreload" href="./static/js/PlotlyChart.AbC_12.js" />') == 1
    assert (
        html.replace('    <link rel="modulepreload" href="./static/js/PlotlyChart.AbC_12.js" />\n', "")
        == INDEX
    )
    assert (served / "favicon.png").read_bytes() == b"\x89PNG"
    assert (served / "static" / "js" / "index.Zz9.js").is_file()
    assert (static / "index.html").read_text() == INDEX  # Streamlit's own folder untouched
    assert static_hint.prepare(static, tmp_path / "cache") == served  # made once


@pytest.mark.parametrize("case", ["no chunk", "two chunks", "no index", "unknown layout"])
def test_anything_unexpected_leaves_streamlits_folder_in_use(tmp_path, case):
    kwargs = {
        "no chunk": {"chunks": ()},
        "two chunks": {"chunks": ("PlotlyChart.a.js", "PlotlyChart.b.js")},
        "no index": {"index": None},
        "unknown layout": {"index": "<html><head></head></html>"},
    }[case]
    static = fake_static(tmp_path / "st", **kwargs)
    assert static_hint.prepare(static, tmp_path / "cache") is None


def test_streamlits_own_page_has_one_chart_chunk_and_the_marker():
    """What install() relies on, in the Streamlit this project installs."""
    from streamlit import file_util

    static = Path(file_util.get_static_dir())
    assert static_hint.chart_chunk(static) is not None
    assert static_hint.MARKER in (static / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_served_page_carries_the_hint_and_the_chunk_is_served(app_url):
    with urllib.request.urlopen(f"{app_url}/gaussian", timeout=10) as r:
        html = r.read().decode()
    hinted = [line for line in html.splitlines() if 'rel="modulepreload"' in line and "PlotlyChart." in line]
    assert len(hinted) == 1
    href = hinted[0].split('href="./', 1)[1].split('"', 1)[0]
    with urllib.request.urlopen(f"{app_url}/{href}", timeout=10) as r:
        assert r.status == 200 and len(r.read()) > 100_000
