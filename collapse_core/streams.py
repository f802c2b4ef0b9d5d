"""Random streams: one Generator from the seed, children spawned per block of replicates.

Replicates are grouped in fixed blocks of STREAM_BLOCK; each block owns its own child
stream(s) and draws in a fixed order. Processing chunks (how many generations or rows are
drawn per numpy call) are therefore free to change without changing any result.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import secrets

import numpy as np

from collapse_core.config import MAX_SEED

STREAM_BLOCK = 256

# The index of the first stream block a run draws: 0 for a whole run; a run of one block of a
# larger run (collapse_core.blocks) sets it so that its block owns the same child stream as in
# the whole run. A context variable, so threads and Dask tasks each see their own.
_FIRST_BLOCK: contextvars.ContextVar[int] = contextvars.ContextVar("collapse_first_block", default=0)


@contextlib.contextmanager
def first_block(index: int):
    """Within the block, block_generators() hands out the streams of blocks index, index + 1..."""
    token = _FIRST_BLOCK.set(index)
    try:
        yield
    finally:
        _FIRST_BLOCK.reset(token)


def fresh_seed() -> int:
    """A new seed for a config that has none (recorded in the result)."""
    return secrets.randbelow(2**32)


def block_slices(replicates: int) -> list[slice]:
    n = math.ceil(replicates / STREAM_BLOCK)
    return [slice(i * STREAM_BLOCK, min((i + 1) * STREAM_BLOCK, replicates)) for i in range(n)]


def block_generators(seed: int, replicates: int, kinds: int) -> list[list[np.random.Generator]]:
    """For each block of replicates, `kinds` independent Generators (one per kind of variate)."""
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be an integer from 0 to {MAX_SEED}; got {seed}")
    root = np.random.default_rng(seed)
    first = _FIRST_BLOCK.get()
    # A child's stream depends only on the seed and its spawn index, not on how many are spawned.
    blocks = root.spawn(first + len(block_slices(replicates)))[first:]
    return [b.spawn(kinds) for b in blocks]


def first_block_index() -> int:
    """The whole run's index of the first block being drawn (0 but in one block of a split run)."""
    return _FIRST_BLOCK.get()


def run_generators(seed: int, kinds: int) -> list[np.random.Generator]:
    """The `kinds` streams of the whole run's first block, whichever block is being drawn: for
    draws shared by every block (e.g. one passage shown for the whole run)."""
    token = _FIRST_BLOCK.set(0)
    try:
        return block_generators(seed, 1, kinds)[0]
    finally:
        _FIRST_BLOCK.reset(token)
