"""AppTest: pasted text has the upload's limit. Over it, the page names the limit and the size
given, keeps the built-in text and drops the paste from the session."""

from __future__ import annotations

import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_core.text import corpus as corpus_mod

open_page = page_opener("pages/text.py")


# What a browser sends for a paste too long for the box (it keeps max_chars characters, one
# past the limit), and a text of fewer characters than the limit but more bytes (UTF-8).
OVERSIZED = {
    "ascii": ("Short words here.\n" * (corpus_mod.MAX_UPLOAD_BYTES // 18 + 1))[
        : corpus_mod.MAX_UPLOAD_BYTES + 1
    ],
    "two-byte characters": "é" * (corpus_mod.MAX_UPLOAD_BYTES // 2 + 1),
}


@pytest.mark.parametrize("kind", list(OVERSIZED))
def test_a_paste_over_the_limit_is_refused_named_and_not_kept(app: AppTest, kind):
    open_page(app, generations="5", sample_size="1000")
    big = OVERSIZED[kind]
    size = len(big.encode())
    assert size > corpus_mod.MAX_UPLOAD_BYTES
    app.text_area(key="text_paste").input(big).run()
    assert not app.exception
    shown = [e.value for e in app.error]
    assert any(
        f"{size:,} bytes" in e and f"limit is {corpus_mod.MAX_UPLOAD_BYTES:,} bytes" in e for e in shown
    ), shown
    assert app.session_state["text_paste"] == ""  # not kept in the session
    assert app.query_params["corpus"] == corpus_mod.DEFAULT
    assert len(app.get("plotly_chart")) > 0  # the page still shows the built-in text's run
    app.run()  # the message was for that paste; the next rerun is quiet
    assert not app.exception and not app.error
