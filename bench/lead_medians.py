"""What the lead-time medians add to a page's digest (one cache miss), against the same digest
without them, measured in the same run.

    python -m bench.lead_medians [repeats]     # default 8, best of each

For each family page at its defaults: simulate once per repeat, then build the digest with and
without ChainDigest.lead_medians (alternating, so drifts of a shared machine hit both alike).
Prints both times and the ratio; benchmarks print, tests never assert times.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ("gaussian", "categorical", "mixture", "regression", "kde", "multivariate")


def main(repeats: int = 8) -> None:
    from collapse_core import simulate
    from collapse_ui import digest as digest_mod
    from collapse_ui import registry

    real = digest_mod.lead_medians
    print(f"digest of a page at its defaults, best of {repeats}: without lead medians, with, ratio")
    try:
        for name in PAGES:
            spec = registry.get(name)
            cfg = spec.config_from({p.name: p.default for p in spec.params})
            best = {"without": float("inf"), "with": float("inf")}
            for _ in range(repeats):
                for variant in best:
                    digest_mod.lead_medians = real if variant == "with" else (lambda res, known=None: {})
                    res = simulate(cfg)
                    t = time.perf_counter()
                    spec.digest(res)
                    best[variant] = min(best[variant], time.perf_counter() - t)
            ratio = best["with"] / best["without"]
            print(f"{name:<13} {best['without'] * 1e3:8.1f} ms {best['with'] * 1e3:8.1f} ms   {ratio:5.2f}x")
    finally:
        digest_mod.lead_medians = real


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
