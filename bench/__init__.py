"""Benchmarks: each prints its measurements and ratios against a reference timed in the same run.

They run with the allocator settings the command line and the app server use (engines and
references alike; collapse_core/allocator.py): COLLAPSE_DEFAULT_MALLOC=1 leaves glibc's
defaults, here and in the servers the benchmarks start.
"""

from collapse_core import allocator

allocator.keep_freed_memory()
