"""A class arrives at once on a freshly started server: ten browser sessions, opened together,
on a plain `streamlit run app.py` (no preload, so the sessions themselves are the first to
use the registries). Every one must show its page and no exception.

The server is a plain `streamlit run app.py` (not `collapse_ui.serve`, whose preload fills the
registries before it listens and would hide a first-use race).
"""

from __future__ import annotations

import pytest
from conftest import serve_app
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
SETTLED_JS = "() => !!document.querySelector('[data-testid=\"stException\"], h2')"
# (path, the page heading it must show): root, deep links and repeats, as a class's links are.
SESSIONS = (
    ("/", "A bell curve fitted to its own samples"),
    ("/kde", "Kernel density: the spread inflates"),
    ("/vocabulary", "Vanishing tails: a vocabulary learned from its own output"),
    ("/about", "How it works"),
    ("/mixture", "The modes die: a Gaussian mixture fitted to its own samples"),
    ("/regression", "Regression: errors that add up"),
    ("/multivariate", "A multivariate Gaussian fitted to its own samples"),
    ("/gaussian", "A bell curve fitted to its own samples"),
    ("/vocabulary", "Vanishing tails: a vocabulary learned from its own output"),
    ("/kde", "Kernel density: the spread inflates"),
)


def plain_server():
    """`streamlit run app.py` as the README's plain command starts it; yields its base URL."""
    return serve_app(("-m", "streamlit", "run", "app.py"))


def test_ten_sessions_at_once_on_a_fresh_server_all_show_their_page(browser: Browser):
    with plain_server() as url:
        contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in SESSIONS]
        try:
            pages = [ctx.new_page() for ctx in contexts]
            # Start every navigation before waiting for any: the sessions' first script runs
            # overlap, as when a class opens the link together.
            for page, (path, _) in zip(pages, SESSIONS, strict=True):
                page.goto(url + path, wait_until="commit", timeout=60_000)
            problems = []
            for page, (path, title) in zip(pages, SESSIONS, strict=True):
                # Done means: an exception or a page heading is shown and the script is idle.
                page.wait_for_function(SETTLED_JS, timeout=180_000)
                page.wait_for_selector(IDLE, timeout=180_000)
                expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=180_000)
                errors = page.locator(EXCEPTION)
                headings = [h.strip() for h in page.locator("h2").all_inner_texts()]
                if errors.count():
                    problems.append(f"{path}: {errors.first.inner_text()[:300]!r}")
                elif title not in headings:
                    problems.append(f"{path}: headings {headings}, not {title!r}")
            assert not problems, f"{len(problems)} of {len(SESSIONS)} sessions failed: {problems}"
        finally:
            for ctx in contexts:
                ctx.close()
