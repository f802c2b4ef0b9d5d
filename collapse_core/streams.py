"""Random streams: one Generator from the seed, children spawned per block of replicates.

Replicates are grouped in fixed blocks of STREAM_BLOCK; each block owns its own child
stream(s) and draws in a fixed order. Processing chunks (how many generations or rows are
drawn per numpy call) are therefore free to change without changing any result.
"""

from __future__ import annotations

import math
import secrets

import numpy as np

from collapse_core.config import MAX_SEED

STREAM_BLOCK = 256


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
    blocks = root.spawn(len(block_slices(replicates)))
    return [b.spawn(kinds) for b in blocks]
