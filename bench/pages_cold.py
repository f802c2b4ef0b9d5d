"""Every registered page as a class meets it: a cold shared link, and its heaviest pictures.

    python -m bench.pages_cold [--no-browser]

For each page in the UI registry, on a fresh server whose first request is the page's link
(Debian's chromium through Playwright), the seconds until its first chart has drawn traces, with
a full-page screenshot in test-artifacts/; the same for the floor (a minimal Streamlit page with
one Plotly chart, bench/browser_paint.py) measured in the same run. Then, through AppTest, the
figure JSON each family page sends at its defaults and at its heaviest allowed settings: every
numeric control alone at its top (what the slider offers), the largest kept (budget 400 kB).
Loopback only; benchmarks print, tests never assert times.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_paint import ARGS, FLOOR_APP, first_chart  # noqa: E402
from bench.load import one_server  # noqa: E402
from collapse_ui import registry  # noqa: E402
from collapse_ui.exporting import renderer  # noqa: E402
from collapse_ui.params import IntParam  # noqa: E402

JSON_BUDGET = 400_000
ARTIFACTS = ROOT / "test-artifacts"


def cold_links(browser) -> list[tuple[str, float]]:
    out = []
    ARTIFACTS.mkdir(exist_ok=True)
    for page in registry.nav_pages():
        if not isinstance(page, registry.PageSpec):
            continue
        with one_server() as (url, _pids):
            link = f"{url}/{page.url_path}"
            out.append((page.name, first_chart(browser, link)))
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.goto(link)
            tab.wait_for_selector(".js-plotly-plot .trace", state="attached", timeout=120_000)
            tab.wait_for_selector(
                '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000
            )
            tab.screenshot(path=str(ARTIFACTS / f"cold_{page.name}.png"), full_page=True)
            context.close()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "floor.py").write_text(FLOOR_APP)
        with one_server(script="floor.py", cwd=Path(tmp)) as (url, _pids):
            out.append(("(floor)", first_chart(browser, url + "/")))
    return out


def json_bytes(spec, query: dict[str, str]) -> int | None:
    """Bytes of Plotly JSON the page sends for `query`, or None if it draws no chart (refused)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    if spec.default:  # the first run draws it: the link's settings must be there already
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
    else:  # run the router once, then open the page with the link's settings
        at.run()
        at.query_params.clear()
        for k, v in query.items():
            at.query_params[k] = v
        at.switch_page(spec.script).run()
    charts = at.get("plotly_chart")
    if at.exception or not charts:
        return None
    return sum(len(el.proto.spec.encode()) for el in charts)


def heaviest(spec) -> tuple[str, int]:
    best = ("defaults", json_bytes(spec, {}) or 0)
    for p in spec.params:
        if isinstance(p, IntParam) and p.name != "seed" and p.high > p.default:
            size = json_bytes(spec, {p.name: p.format(p.high)})
            if size is not None and size > best[1]:
                best = (f"{p.name}={p.format(p.high)}", size)
    return best


def main(browser_too: bool = True) -> None:
    if browser_too and renderer.chromium_path():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=renderer.chromium_path(), args=ARGS, headless=True)
            times = cold_links(browser)
            browser.close()
        floor = dict(times)["(floor)"]
        print("== cold shared link: seconds to the first drawn chart (fresh server, first request)")
        for name, t in times:
            print(f"{name:14s} {t:6.2f} s   {t / floor:5.2f} x the floor")
    print(f"== figure JSON per page (budget {JSON_BUDGET / 1e3:.0f} kB)")
    for spec in registry.pages().values():
        default = json_bytes(spec, {}) or 0
        where, size = heaviest(spec)
        flag = "ok" if size <= JSON_BUDGET else "OVER"
        print(
            f"{spec.name:14s} defaults {default / 1e3:6.0f} kB   heaviest {size / 1e3:6.0f} kB ({where}) {flag}"
        )


if __name__ == "__main__":
    main("--no-browser" not in sys.argv)
