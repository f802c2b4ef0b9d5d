"""Every page the registries list runs at its defaults without an exception and draws its
charts: a new family's page is covered the moment it is registered."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collapse_ui import registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.smoke
@pytest.mark.parametrize("name", [p.name for p in registry.nav_pages()])
def test_every_registered_page_runs(name):
    page = next(p for p in registry.nav_pages() if p.name == name)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.query_params.clear()  # the default page wrote its settings; a browser's page switch drops them
    at.switch_page(page.script).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    if isinstance(page, registry.PageSpec):
        assert any(h.value == page.title for h in at.header)
        assert at.get("plotly_chart"), "a family page draws charts"
