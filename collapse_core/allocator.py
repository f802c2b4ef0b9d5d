"""Keep freed memory in the process instead of handing it back to the kernel (glibc only).

The engines allocate and free arrays of 0.1-30 MB every generation. glibc serves arrays
above its mmap threshold (128 kB at start, raised only by what was last freed) with fresh
mappings and trims the heap's free top above twice that, so the next generation's arrays
start as untouched pages and pay a page fault per 4 kB. In this project's VMs a fault is
expensive: a categorical resampling step (20 rows x 1000 categories) took 625 us, of which
about 60% was faults; with the settings below 260 us (`python -m bench.engines_vs_loops`
prints the whole grid). Arrays below 32 MB then come from the heap, and up to 64 MB of free
space stays at its top for reuse; memory is still returned above that.

The settings are process-wide, so nothing sets them on import: the command line, the app
server (collapse_ui.serve, and app.py for a plain `streamlit run`), the sweep's own Dask
workers and the benchmarks call `keep_freed_memory()`; a Python user may call it too.
COLLAPSE_DEFAULT_MALLOC=1 in the environment leaves glibc's defaults (to compare).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading

# mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20  # glibc's largest allowed value on 64-bit
TRIM_THRESHOLD = 64 << 20

_applied: bool | None = None
_lock = threading.Lock()  # several threads may start at once: mallopt is called once


def keep_freed_memory() -> bool:
    """Set glibc's mmap and trim thresholds once; True when they are in effect.

    False (and nothing changed) on another C library, or where mallopt refuses a value.
    """
    global _applied
    if _applied is not None:
        return _applied
    with _lock:
        if _applied is None:
            _applied = os.environ.get("COLLAPSE_DEFAULT_MALLOC") != "1" and _set()
        return _applied


def _set() -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    # mallopt returns 1 on success; setting either threshold also stops glibc's own adjusting.
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )


def trim() -> bool:
    """Hand the heap's free pages back to the kernel now (glibc's malloc_trim(0)); True when
    something was returned. The caches call it after evicting: with the thresholds above, what
    a large entry or a visitor's large text left free would otherwise stay resident."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        malloc_trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    malloc_trim.argtypes = (ctypes.c_size_t,)
    malloc_trim.restype = ctypes.c_int
    return bool(malloc_trim(0))


_trim_pending = threading.Event()


def trim_soon(delay: float = 1.0) -> None:
    """trim() on a background thread after `delay` seconds (what was just freed is then free
    for good: a rerun's last references go when it ends); at most one pending at a time."""
    if _trim_pending.is_set():
        return
    _trim_pending.set()

    def run() -> None:
        _trim_pending.clear()
        trim()

    timer = threading.Timer(delay, run)
    timer.daemon = True
    timer.start()
