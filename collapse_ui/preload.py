"""The warmer: every page's picture at its defaults and at each of its presets, computed when
the server starts, so a shared link's first visitor does not wait for the simulation and the
charts. What it computes goes to collapse_ui/preload_store.py, which cache and chart read.

    python -m collapse_ui.serve          # make run / serve-many: preload, then streamlit run app.py

`defaults()` runs before the server listens (about 4 s on this 2-core machine: the imports,
Plotly's lazily built validators, every page's default run and charts). `presets()` then runs
on a background thread at the lowest CPU priority (about 20 CPU-s here, for the presets' and
their comparisons' runs). cache.run and chart.built_charts look here before computing; what is
here is handed to their (shared) caches, so a preset is as fast on its first visit as on its
second. Only settings within the interactive budget are preloaded; a failure is logged and
skipped, never fatal.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from collapse_core import WorkBudgetError
from collapse_ui import cache, chart, preload_store
from collapse_ui.figures import sendable
from collapse_ui.preload_store import PRESETS_DONE, charts, clear, digest  # noqa: F401 (read by tests and serve)

log = logging.getLogger(__name__)


def warm(spec, values: dict, extra_configs=()) -> int:
    """The run and charts of page `spec` at `values` (plus the runs of `extra_configs`, e.g. a
    preset's comparison side). Returns how many runs it computed."""
    done = 0
    cfg = spec.config_from(values)
    for c in (cfg, *extra_configs):
        if c is None or digest(c) is not None:
            continue
        cache.is_heavy(c)  # raises WorkBudgetError where the page would refuse the run
        preload_store.put_digest(c, "auto", cache.compute(c, "auto"))
        done += 1
    display = chart.display_key(spec, values)
    if charts(spec.name, cfg, display) is None:
        built = chart.build(spec, digest(cfg), display)
        for item in built:
            sendable.warm(item[3])  # the dict and JSON the browser is sent, made once
        preload_store.put_charts(spec.name, cfg, display, built)
    return done


def _pages():
    from collapse_ui import registry

    return list(registry.pages().values())


def _safely(what: str, fn) -> bool:
    try:
        fn()
        return True
    except WorkBudgetError as exc:
        log.info("preload: %s skipped (over the interactive budget: %s)", what, exc)
    except Exception:  # a broken preset must not keep the server from starting
        log.exception("preload: %s failed", what)
    return False


def defaults() -> float:
    """Every registered page at its default settings; returns the seconds it took."""
    t0 = time.perf_counter()
    for spec in _pages():
        values = {p.name: p.default for p in spec.params}
        _safely(f"{spec.name} defaults", lambda spec=spec, values=values: warm(spec, values))
    return time.perf_counter() - t0


def preset_values(spec, preset) -> dict:
    """The page's settings under a preset, as a link to it sets them (the rest at defaults)."""
    return {**{p.name: p.default for p in spec.params}, **spec.values_from_preset(preset)}


def presets() -> float:
    """Every preset of every page (and its comparison side); returns the seconds it took."""
    from collapse_core import presets as preset_registry

    t0 = time.perf_counter()
    try:
        for spec in _pages():
            for preset in preset_registry.for_page(spec.name).values():
                values = preset_values(spec, preset)
                _safely(
                    f"preset {preset.name}",
                    lambda spec=spec, values=values, preset=preset: warm(spec, values, (preset.compare,)),
                )
    finally:
        PRESETS_DONE.set()
    return time.perf_counter() - t0


def _background_presets() -> None:
    try:  # Linux: a thread is a task with its own nice value; visitors come first
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass
    seconds = presets()
    log.warning("preload: presets ready in %.1f s", seconds)


def start(background_presets: bool = True) -> None:
    """Defaults now; presets now or on a background thread."""
    seconds = defaults()
    log.warning("preload: page defaults ready in %.1f s", seconds)
    if background_presets:
        threading.Thread(target=_background_presets, name="collapse-preload", daemon=True).start()
    else:
        _background_presets()
