"""Benchmarks: each prints its measurements and ratios against a reference timed in the same run."""
