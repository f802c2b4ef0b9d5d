"""The 40 nastiest URL fuzz cases in real Chromium (issue 16), on every page the registry lists.

For each: no script runs (no dialog opens, the onerror/script payloads never set their marker),
no traceback or Streamlit exception box on the page, no request leaves the loopback host (an
image or link payload pointing at evil.example is never fetched; Streamlit's own icon requests
to fonts.gstatic.com are the one exception), and a family page still draws
its charts, or explains a too-large request. The query strings are in the case ids.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

import pytest
from browser_waits import TIMEOUT, wait_idle, wait_images_settled
from playwright.sync_api import Page, expect

from collapse_ui import registry

pytestmark = pytest.mark.browser

# Streamlit itself fetches Material Symbols icons (the navigation's :material/...: icons) from
# Google's font host: the app's own request, not a hostile one (noted in issue 16's report).
STREAMLIT_OWN = ("fonts.gstatic.com",)
EVIL = "evil.example"
PWN = "window.__pwned=1"
PAYLOADS = [
    f"[x](https://{EVIL})",
    f"![i](https://{EVIL}/x.png)",
    f"<script>{PWN}</script>",
    f'<img src=https://{EVIL}/y.png onerror="{PWN}">',
    "$\\frac{1}{0}$",
    ":red[x] **b**",
    f"`a`[x](https://{EVIL})",
    f"javascript:{PWN}",
]


def _cases():
    out = []
    for page in registry.nav_pages():
        family = isinstance(page, registry.PageSpec)
        number = (
            next((p.name for p in page.params if p.name in ("generations", "seed")), "seed")
            if family
            else "seed"
        )
        choice = (
            next((p.name for p in page.params if p.name in ("regime", "truth")), "regime")
            if family
            else "regime"
        )
        queries = [
            {number: PAYLOADS[0], choice: PAYLOADS[1]},
            {number: PAYLOADS[2]},
            {choice: PAYLOADS[3]},
            {PAYLOADS[1]: "1", PAYLOADS[3]: PAYLOADS[4]},  # hostile keys
            {"hide": f"{PAYLOADS[0]},{PAYLOADS[1]}", "show": PAYLOADS[3]},
            {
                "preset": PAYLOADS[3],
                "theme": f"dark;background:url(https://{EVIL}/z.png)",
                "compare": PAYLOADS[2],
            },
            {number: [PAYLOADS[6], "1"], "seed": [PAYLOADS[7], PAYLOADS[1]]},  # repeated keys
            {number: PAYLOADS[5], "present": "1", "at": PAYLOADS[1]},
            {number: "nan", choice: "\u202e<b>x</b>", "seed": "1e400"},
            {number: "<b>" * 3000},
        ]
        for i, q in enumerate(queries):
            out.append(pytest.param(page, q, id=f"{page.name}-{i}"))
    return out


CASES = _cases()


def test_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(("spec", "query"), CASES)
def test_hostile_link_in_chromium(page: Page, app_url: str, spec, query):
    dialogs, outside = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def on_request(request):
        host = urlparse(request.url).hostname
        if urlparse(request.url).scheme in ("http", "https", "ws", "wss") and host not in (
            "127.0.0.1",
            "localhost",
            *STREAMLIT_OWN,
        ):
            outside.append(request.url)

    page.on("request", on_request)
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{app_url}/{spec.url_path}?{urlencode(query, doseq=True)}", timeout=TIMEOUT)
    wait_idle(page)
    if isinstance(spec, registry.PageSpec):
        refused = page.get_by_text("too much work").count() or page.get_by_text("cannot run together").count()
        if not refused:
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
        wait_idle(page)
    wait_images_settled(page)  # every image loaded or failed: its onerror handler has had its turn
    text = page.locator("body").inner_text()
    assert "Traceback" not in text
    assert page.get_by_test_id("stException").count() == 0
    assert not dialogs, dialogs
    assert page.evaluate("() => window.__pwned") is None
    assert not outside, outside
    # Nothing hostile became a link or an image in the page.
    assert page.locator(f"a[href*='{EVIL}'], img[src*='{EVIL}'], a[href^='javascript:']").count() == 0
