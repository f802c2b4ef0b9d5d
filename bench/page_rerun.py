"""Server time of a Gaussian-page rerun after a control change, measured with AppTest.

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

from collapse_core import GaussianConfig, simulate  # noqa: E402

TARGET = 0.25
KEY = "gaussian.{}".format


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def reference(repeats: int) -> float:
    return statistics.median(timed(lambda i=i: simulate(GaussianConfig(seed=10_000 + i))) for i in range(repeats))


def page_reruns(repeats: int) -> tuple[float, float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()  # pays the imports
    assert not at.exception, at.exception
    seed = at.number_input(key=KEY("seed"))
    cold = [timed(lambda i=i: seed.set_value(20_000 + i).run()) for i in range(repeats)]
    size = at.select_slider(key=KEY("sample_size"))
    size.set_value(200).run()
    warm = [timed(lambda i=i: size.set_value((100, 200)[i % 2]).run()) for i in range(repeats)]
    assert not at.exception, at.exception
    return statistics.median(cold), statistics.median(warm)


def main(repeats: int = 15) -> None:
    ref = reference(repeats)
    cold, warm = page_reruns(repeats)
    print(f"defaults: {GaussianConfig()!r}"[:120])
    print(f"reference: bare simulate() at defaults   {ref * 1e3:7.1f} ms")
    for name, t in (("cold (cache miss)", cold), ("warm (cache hit)", warm)):
        print(f"page rerun, {name:18s}   {t * 1e3:7.1f} ms   "
              f"{t / TARGET:5.2f} x the {TARGET} s target   {t / ref:6.1f} x the reference")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
