"""simulate(): one entry point for every registered family."""

from __future__ import annotations

import dataclasses

from collapse_core import families
from collapse_core.budget import INTERACTIVE, Budget
from collapse_core.result import Result
from collapse_core.streams import fresh_seed


def check_chunk(chunk) -> None:
    if chunk is not None and (isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1):
        raise ValueError(f"chunk must be a positive integer; got {chunk!r}")


def simulate(
    cfg, engine: str = "auto", budget: Budget = INTERACTIVE, chunk: int | None = None, **extra
) -> Result:
    """Run a chain for any registered family's config.

    engine: "auto" or one of the family's engines (Family.engines); budget: the limits the
    request must fit (WorkBudgetError otherwise, before any work); chunk: how much is drawn
    per numpy call, which changes memory, never results. Family-specific keyword arguments
    (e.g. the categorical family's snapshot_generations) pass through.

    Examples:
        >>> from collapse_core import KDEConfig, simulate
        >>> res = simulate(KDEConfig(bandwidth_rule="fixed", bandwidth=0.3, sample_size=50,
        ...                          generations=20, replicates=100, seed=2))
        >>> res.engine, res.metric("variance_ratio").shape
        ('monte-carlo', (100, 21))
        >>> res.seed  # recorded in the result and its provenance
        2
    """
    fam = families.of(cfg)
    if engine not in fam.engines:
        raise ValueError(
            f"engine must be one of {', '.join(fam.engines)} for the {fam.name} family; got {engine!r}"
        )
    check_chunk(chunk)
    name, reason = fam.choose_engine(cfg, engine)
    fam.check_budget(cfg, engine=name, budget=budget)
    if cfg.seed is None:
        cfg = dataclasses.replace(cfg, seed=fresh_seed())
    res = fam.run(cfg, name, reason, chunk=chunk, **extra)
    return dataclasses.replace(res, budget=budget, _cache={})
