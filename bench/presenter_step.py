"""One Step of the player: in the browser (the console's Right arrow on the Plotly animation) against
the server's Step (reduced motion: a button, a rerun, a redrawn chart), same server, same run.

    python -m bench.presenter_step

The paper's Gaussian preset (1000 generations), presented at 1920x1080 in Debian's chromium. Each
sample is the seconds from the key press / click until the stage chart's dotted line stands on the
next generation. Loopback only, one viewer: a loaded server makes the round trip slower, not the
client step. Benchmarks print, tests never assert times.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_paint import ARGS  # noqa: E402
from bench.load import one_server  # noqa: E402
from collapse_ui.exporting import renderer  # noqa: E402

STEPS = 8
PLAYED = """() => {
  const gd = document.querySelector('.st-key-stage .js-plotly-plot');
  const s = gd && gd.layout && (gd.layout.shapes || []).find(s => s.name === 'player-line');
  return s ? s.x0 : null;
}"""
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(url)
    page.wait_for_selector(".st-key-stage .js-plotly-plot", timeout=120_000)
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_timeout(1000)
    return page


def _steps(page, press) -> list[float]:
    out = []
    for _ in range(STEPS):
        before = page.evaluate(PLAYED)
        t0 = time.perf_counter()
        press()
        page.wait_for_function(f"() => ({PLAYED})() > {before}", timeout=60_000, polling=5)
        out.append(time.perf_counter() - t0)
        page.wait_for_selector(IDLE, timeout=60_000)
    return out


def main() -> None:
    chromium = renderer.chromium_path()
    if chromium is None:
        print("presenter_step: skipped (no chromium)")
        return
    from playwright.sync_api import sync_playwright

    link = "?preset=paper-gaussian&present=1&play=1"
    with one_server() as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        client = _open(browser, f"{url}/{link}")
        client_s = _steps(client, lambda: client.keyboard.press("ArrowRight"))
        server = _open(browser, f"{url}/{link}&reduce_motion=1")
        step = server.get_by_role("button", name="Step", exact=True)
        server_s = _steps(server, step.click)
        browser.close()
    c, s = statistics.median(client_s), statistics.median(server_s)
    print(f"presenter_step: {STEPS} steps, median seconds from key/click to the moved line")
    print(f"  client step (console, Right arrow)   {c:.3f} s")
    print(f"  server step (reduced motion, rerun)  {s:.3f} s   (reference, same run)")
    print(f"  client step is {s / c:.0f}x faster than the server round trip")


if __name__ == "__main__":
    main()
