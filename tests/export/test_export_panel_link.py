"""The export panel's permalink: a plain markdown link whose text is the URL itself, escaped so
no character of it turns into formatting, and whose target reopens the same settings."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from streamlit.testing.v1 import AppTest

from collapse_ui.exporting.panel import _escape

ROOT = Path(__file__).resolve().parents[2]


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_escaping_round_trips_every_markdown_character():
    raw = "http://h/p?a=1_2*3&b=[x](y)#z!<w>|~`{}+-.\\"
    assert unescape(_escape(raw)) == raw
    assert not re.search(r"(?<!\\)[*_`\[\]]", _escape(raw))


def test_the_panel_shows_the_pages_link_with_its_seed():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["seed"] = "31337"
    at.run()
    assert not at.exception
    links = [m.value for m in at.markdown if "Link to exactly this picture" in m.value]
    assert len(links) == 1
    text, target = re.search(r"\[(.*)\]\((\S+)\)$", links[0]).groups()
    assert unescape(text) == target
    query = parse_qs(urlparse(target).query)
    assert query["seed"] == ["31337"] and urlparse(target).path.endswith("/gaussian")
