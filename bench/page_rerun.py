"""Server time of a page rerun after a control change (Gaussian and vocabulary pages), via AppTest.

    python bench/page_rerun.py [repeats]

Prints the median rerun time at default settings, its ratio to the 0.25 s target, and its ratio
to a reference measured in the same run: one bare core simulate() call at the same settings
(the least any rerun must do when the cache misses). Two kinds of rerun are timed:
  cold  the seed changes every time, so the cache misses and the chains are simulated;
  warm  the sample size flips between two values already cached, so only charts are redrawn.
Benchmarks print; tests never assert wall-clock times.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collapse_core import simulate  # noqa: E402
from collapse_ui import gaussian, vocabulary  # noqa: E402

TARGET = 0.25
# page -> (page file, UI module, sample-size values to flip between for warm reruns)
PAGES = {
    "gaussian": ("pages/gaussian.py", gaussian, (100, 200)),
    "vocabulary": ("pages/vocabulary.py", vocabulary, (1000, 2000)),
}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def defaults(module, seed: int) -> dict:
    return {**{p.name: p.default for p in module.PARAMS}, "seed": seed}


def reference(module, repeats: int) -> float:
    """One bare core simulate() at the page's default settings (what a cache miss must do)."""
    return statistics.median(timed(lambda i=i: simulate(module.config_from(defaults(module, 10_000 + i))))
                             for i in range(repeats))


def page_reruns(page: str, repeats: int) -> tuple[float, float]:
    path, _, sizes = PAGES[page]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(path)
    at.run()  # pays the imports
    assert not at.exception, at.exception
    seed = at.number_input(key=f"{page}.seed")
    cold = [timed(lambda i=i: seed.set_value(20_000 + i).run()) for i in range(repeats)]
    size = at.select_slider(key=f"{page}.sample_size")
    size.set_value(sizes[1]).run()
    warm = [timed(lambda i=i: size.set_value(sizes[i % 2]).run()) for i in range(repeats)]
    assert not at.exception, at.exception
    return statistics.median(cold), statistics.median(warm)


def main(repeats: int = 15) -> None:
    for page, (_, module, _) in PAGES.items():
        ref = reference(module, repeats)
        cold, warm = page_reruns(page, repeats)
        print(f"== {page} page at its defaults: {module.config_from(defaults(module, 1))!r}"[:140])
        print(f"reference: bare simulate() at defaults   {ref * 1e3:7.1f} ms")
        for name, t in (("cold (cache miss)", cold), ("warm (cache hit)", warm)):
            print(f"page rerun, {name:18s}   {t * 1e3:7.1f} ms   "
                  f"{t / TARGET:5.2f} x the {TARGET} s target   {t / ref:6.1f} x the reference")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
