"""Time of the Gaussian page's full slide pack (4 charts as PNG and SVG, HTML, CSV, JSON, ZIP)
once the renderer is running, as the page's "Export for slides" button builds it.

    python bench/export_pack.py [repeats]

Prints the first pack (pays Chromium's start), then the median and best of the later ones, their
ratio to the 2 s target, and ratios to references measured in the same run:
  bare     one bare render of one chart (PNG, same size), on the running browser;
  serial   the same 8 pictures one at a time (the pack renders each chart's PNG and SVG on two
           tabs at once).
Default pack: 1920x1080 at scale 2 (3840x2160 PNGs) with the settings caption, default settings.
Benchmarks print; tests never assert wall-clock times.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collapse_core import simulate  # noqa: E402
from collapse_ui.exporting import pack, renderer  # noqa: E402
from collapse_ui.exporting import pages as registry  # noqa: E402

TARGET = 2.0


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(repeats: int = 5) -> None:
    if not renderer.available():
        print(f"export pack: skipped, {renderer.ENABLE_HINT}")
        return
    spec = registry.get("gaussian")
    values = spec.defaults()
    digest = spec.digest(simulate(spec.config_from(values)))  # the page has it cached already
    req = spec.pack_request(values, digest=digest)
    first = timed(lambda: pack.build_zip(req))
    packs = [timed(lambda: pack.build_zip(req)) for _ in range(repeats)]

    css_w, css_h, zoom = pack.render_size(req.width, req.height, req.scale)
    figs = [pack.export_figure(fig, req.caption) for _, fig, _ in req.charts]
    bare = statistics.median(
        timed(lambda: renderer.render(figs[0], "png", css_w, css_h, zoom)) for _ in range(repeats)
    )
    jobs = [(fig, fmt, css_w, css_h, zoom if fmt == "png" else 1.0) for fig in figs for fmt in ("png", "svg")]
    serial = statistics.median(
        timed(lambda: [renderer.render(*job) for job in jobs]) for _ in range(max(2, repeats // 2))
    )

    median, best = statistics.median(packs), min(packs)
    verdict = "PASS" if median < TARGET else "MISS"
    print(
        f"export pack ({len(req.charts)} charts, PNG {round(req.width * req.scale)}x"
        f"{round(req.height * req.scale)} + SVG + HTML/CSV/JSON, ZIP), {repeats} repeats:"
    )
    print(f"  first pack (starts Chromium)  {first:6.2f} s")
    print(
        f"  later packs: median           {median:6.2f} s  best {best:.2f} s  "
        f"-> {median / TARGET:.2f} x the {TARGET:g} s target  [{verdict}]"
    )
    print(f"  reference bare render (1 PNG) {bare:6.2f} s  -> pack = {median / bare:.1f} bare renders")
    print(f"  reference 8 renders serially  {serial:6.2f} s  -> pack / serial = {median / serial:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
