"""collapse_core.allocator: glibc keeps freed arrays for reuse instead of faulting them in again.

Counted in page faults (getrusage), not time, in fresh subprocesses (the setting is
process-wide).
"""

import platform
import subprocess
import sys

import pytest

PROBE = """
import resource, sys
import numpy as np
if sys.argv[1] == "keep":
    from collapse_core.allocator import keep_freed_memory
    assert keep_freed_memory() and keep_freed_memory()  # applied once, then remembered
def step():
    # three 2 MB temporaries freed together: more free heap top than glibc's default trim
    # threshold (twice the largest block freed so far), as in an engine's generation
    a = np.ones(1 << 18); b = a * 2.0; c = a + b
    return float(c[-1])
step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    step()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_freed_arrays_are_reused_without_page_faults():
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("not glibc: collapse_core.allocator leaves the C library alone")
    default, kept = _faults("default"), _faults("keep")
    # Default glibc hands the freed top back and faults ~1500 pages a step in again (3 x 2 MB).
    assert default > 50 * 500, default
    assert kept < default / 20, (kept, default)
