"""Server time and CPU of a page rerun, for every family page the UI registry lists (AppTest).

    python -m bench.page_rerun [repeats]

For each page at its defaults, three kinds of rerun are timed (median wall and CPU seconds;
CPU is this process's, which runs the script):
  cold  the seed changes every time, so the cache misses and the chains are simulated;
  warm  the seed flips between two values already cached, so only the page and charts are drawn;
and printed beside a reference measured in the same run: one bare core simulate() at the same
settings (the least a cache miss must do). Targets (issue 10): a warm rerun at most 0.05
CPU-seconds; each page's rerun under 0.5 s. Benchmarks print; tests never assert times.
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
from collapse_ui import registry  # noqa: E402

WALL_TARGET, CPU_TARGET = 0.5, 0.05


def timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_pair(pairs) -> tuple[float, float]:
    pairs = list(pairs)
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def reference(spec, repeats: int) -> float:
    """One bare core simulate() at the page's default settings (what a cache miss must do)."""
    return statistics.median(
        timed(lambda i=i: simulate(spec.config_from({**spec.defaults(), "seed": 10_000 + i})))[0]
        for i in range(repeats)
    )


def page_reruns(spec, repeats: int):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # pays the imports
    # The first run wrote the default page's settings into the URL; without clearing them, the
    # next page would start from those (another page's sizes), not from its own defaults.
    at.query_params.clear()
    at.switch_page(spec.script).run()
    assert not at.error and not at.warning, (at.error, at.warning)
    assert not at.exception, at.exception
    seed = at.number_input(key=f"{spec.name}.seed")
    cold = median_pair(timed(lambda i=i: seed.set_value(20_000 + i).run()) for i in range(repeats))
    warm = median_pair(timed(lambda i=i: seed.set_value(20_000 + i % 2).run()) for i in range(repeats))
    assert not at.exception, at.exception
    return cold, warm


def main(repeats: int = 9) -> None:
    for spec in registry.pages().values():
        ref = reference(spec, max(3, repeats // 3))
        cold, warm = page_reruns(spec, repeats)
        print(f"== {spec.name} page ({spec.script}) at its defaults")
        print(f"reference: bare simulate() at defaults   {ref * 1e3:8.1f} ms wall")
        for name, (wall, cpu) in (("cold (cache miss)", cold), ("warm (cache hit)", warm)):
            print(
                f"page rerun, {name:18s}   {wall * 1e3:8.1f} ms wall ({wall / WALL_TARGET:4.2f} x the "
                f"{WALL_TARGET} s target)   {cpu * 1e3:7.1f} ms CPU ({cpu / CPU_TARGET:4.1f} x the "
                f"{CPU_TARGET} s target)   {wall / ref:6.1f} x the reference"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
