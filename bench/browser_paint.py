"""Pictures in a real browser (Debian's chromium through Playwright), against a floor.

    python -m bench.browser_paint [presses] [cold servers]     # defaults: 8 presses, 3 servers

For the app's Gaussian page and for a minimal Streamlit page holding one Plotly line chart and
one select-slider (the floor: what Streamlit + Plotly cost at the least), each on a fresh server:
  cold link   a shared link is the server's first request, in a fresh browser context: time
              until the first `.js-plotly-plot` has drawn traces (median over fresh servers);
  warm link   the same link again in another fresh context (server warm, browser cache cold);
  slider      ArrowRight/ArrowLeft on the sample-size slider (focused), time until the first
              chart's drawn line changes; half the presses reach new values (cache misses), the
              way back repeats them (hits).
Ratios against the floor are printed with the goals (issue 10): cold first chart <= 3 s and
<= 2x the floor; slider median <= 0.5 s. Then the figure JSON bytes each registered page sends
at its defaults (sum of its Plotly specs, through AppTest as bench/page_rerun.py runs pages).
Loopback only; benchmarks print, tests never assert times.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import one_server  # noqa: E402
from collapse_ui.exporting import renderer  # noqa: E402

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FIRST_GOAL, FLOOR_GOAL, SLIDER_GOAL = 3.0, 2.0, 0.5
DRAWN = ".js-plotly-plot .trace"
LINE = ".js-plotly-plot .scatterlayer .trace path.js-line"

# Every drawn line on the page, as one string: a reference line (e.g. the truth at 1) that no
# setting moves must not hide a change in the others.
LINES_JS = "(sel) => Array.from(document.querySelectorAll(sel), (el) => el.getAttribute('d')).join('|')"

FLOOR_APP = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

n = st.select_slider("Sample size per generation", options=[10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
                     value=100)
y = np.random.default_rng(n).standard_normal(200).cumsum()
st.plotly_chart(go.Figure(go.Scatter(x=np.arange(200), y=y, mode="lines")), theme=None)
"""


def first_chart(browser, url: str) -> float:
    """Seconds from navigation to the first chart with drawn traces, in a fresh context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(DRAWN, state="attached", timeout=120_000)
        return time.perf_counter() - t0
    finally:
        context.close()


def slider_times(browser, url: str, label: str, presses: int) -> list[float]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector(LINE, state="attached", timeout=120_000)
        idle(page)
        slider = page.get_by_role("slider", name=label)
        times = []
        keys = ["ArrowRight"] * (presses // 2) + ["ArrowLeft"] * (presses - presses // 2)
        for key in keys:
            before = page.evaluate(LINES_JS, LINE)
            slider.focus()
            t0 = time.perf_counter()
            page.keyboard.press(key)
            try:
                page.wait_for_function(
                    f"([sel, before]) => ({LINES_JS})(sel) !== before",
                    arg=[LINE, before],
                    timeout=30_000,
                    polling="raf",
                )
            except PlaywrightTimeout:
                times.append(float("nan"))  # printed as nan: no drawn line changed within 30 s
                continue
            times.append(time.perf_counter() - t0)
            idle(page)
        return times
    finally:
        context.close()


def idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=120_000)


def measure(browser, script: str, cwd: Path, path: str, label: str, presses: int, colds: int = 3) -> dict:
    """Cold link on `colds` fresh servers (one alone is too noisy to judge a goal by); warm link
    and slider presses on the first of them."""
    cold: list[float] = []
    for i in range(colds):
        with one_server(script=script, cwd=cwd) as (url, _pids):
            cold.append(first_chart(browser, url + path))
            if i == 0:
                warm = first_chart(browser, url + path)
                slider = slider_times(browser, url + path, label, presses)
    return {
        "cold": statistics.median(cold),
        "colds": cold,
        "warm": warm,
        "slider": slider,
        "slider_median": statistics.median(slider),
    }


def figure_bytes() -> list[tuple[str, int, int]]:
    """(page, charts, bytes of Plotly JSON) for every registered page at its defaults."""
    from streamlit.testing.v1 import AppTest

    from collapse_ui import registry

    out = []
    for spec in registry.pages().values():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
        at.switch_page(spec.script).run()
        if at.exception:
            raise RuntimeError(f"{spec.name}: {at.exception}")
        specs = [el.proto.spec for el in at.get("plotly_chart")]
        out.append((spec.name, len(specs), sum(len(s.encode()) for s in specs)))
    return out


def main(presses: int = 8, colds: int = 3) -> None:
    from playwright.sync_api import sync_playwright

    from collapse_ui import registry

    chromium = renderer.chromium_path()
    if chromium is None:
        raise SystemExit("chromium not found (make chromium)")
    spec = registry.get("gaussian")
    link = "/" + spec.permalink(spec.defaults(), "http://x").split("/", 3)[3]  # a shared link's path
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        (Path(tmp) / "floor.py").write_text(FLOOR_APP)
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        try:
            floor = measure(browser, "floor.py", Path(tmp), "/", "Sample size per generation", presses, colds)
            app = measure(browser, "app.py", ROOT, link, spec.params[0].label, presses, colds)
        finally:
            browser.close()
    print(f"== first chart and slider-to-chart in Debian's chromium (link {link})")
    print(f"{'':28s}{'app':>10s}{'floor':>10s}{'ratio':>8s}")
    for name, key, unit in (
        (f"cold link, median of {colds}", "cold", "s"),
        ("warm link, first chart", "warm", "s"),
        ("slider, median", "slider_median", "s"),
    ):
        a, f = app[key], floor[key]
        print(f"{name:28s}{a:9.2f}{unit}{f:9.2f}{unit}{a / f:7.2f}x")
    print(
        f"cold links (app): {', '.join(f'{t:.2f}' for t in app['colds'])} s; "
        f"(floor): {', '.join(f'{t:.2f}' for t in floor['colds'])} s (each a fresh server's first request)"
    )
    print(
        f"slider presses (app): {', '.join(f'{t:.2f}' for t in app['slider'])} s "
        f"(first {presses // 2} to new values, then back)"
    )
    print(f"slider presses (floor): {', '.join(f'{t:.2f}' for t in floor['slider'])} s")
    print(
        f"goals: cold first chart {app['cold']:.2f} s <= {FIRST_GOAL} s: {'yes' if app['cold'] <= FIRST_GOAL else 'no'}; "
        f"<= {FLOOR_GOAL}x the floor: {'yes' if app['cold'] <= FLOOR_GOAL * floor['cold'] else 'no'}; "
        f"slider median {app['slider_median']:.2f} s <= {SLIDER_GOAL} s: "
        f"{'yes' if app['slider_median'] <= SLIDER_GOAL else 'no'}"
    )
    print("== figure JSON per page at its defaults (what a rerun sends for its charts)")
    for name, count, size in figure_bytes():
        print(f"{name:14s}{count:3d} charts {size / 1024:9.1f} KiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
