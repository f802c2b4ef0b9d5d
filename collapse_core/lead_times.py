"""Which measurement notices first: for each metric, the generation at which its median
(across replicates) first moves more than a threshold from generation 1 in the direction that
means harm.

Rules:

* The reference is the median at generation 1 (the first fit; generation 0 is often the truth
  itself), or the first later generation whose median is finite.
* A move is relative: (median_t - reference) / |reference|, signed so that harm is positive
  ("up": the metric grows when things get worse, "down": it shrinks, "either": both count).
  A reference of exactly 0 has no scale: then any harmful move away from 0 counts.
* NaN medians (every replicate NaN at that generation) never count as a move; a metric whose
  medians are all NaN has no reference and no lead time.
* Each family declares, per metric, the direction of harm and whether the metric watches the
  tails or a minority ("tail", "minority"), the bulk ("average": a variance, an entropy, a
  test error) or is a distance to the truth ("distance": W2, KL, TV) in its metric table
  (Family.harm); metrics it does not declare (counters, diagnostics) are not ranked.

The headline compares the earliest tail-or-minority metric with the earliest average metric:
"the tails moved N generations before the average". Distances are ranked in the table but
left out of the headline: they start near 0 at generation 1, so any drift is a large relative
move and they always fire within a generation or two; they say "something changed", not what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

DIRECTIONS = ("up", "down", "either")
GROUPS = ("average", "tail", "minority", "distance")
DEFAULT_THRESHOLD = 0.10
MIN_THRESHOLD = 1e-6
MAX_THRESHOLD = 10.0


@dataclass(frozen=True)
class Harm:
    """How one metric shows harm: `direction` in DIRECTIONS, `group` in GROUPS."""

    direction: str
    group: str = "average"

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"harm direction must be one of {', '.join(DIRECTIONS)}; got {self.direction!r}")
        if self.group not in GROUPS:
            raise ValueError(f"harm group must be one of {', '.join(GROUPS)}; got {self.group!r}")

    @property
    def watches_tail(self) -> bool:
        return self.group in ("tail", "minority")


def up(group: str = "average") -> Harm:
    return Harm("up", group)


def down(group: str = "average") -> Harm:
    return Harm("down", group)


def either(group: str = "average") -> Harm:
    return Harm("either", group)


@dataclass(frozen=True)
class LeadTime:
    """One row: the metric, the first generation it moved (None: never), its harm."""

    metric: str
    generation: int | None
    direction: str
    group: str
    reference: float
    move: float  # the largest harmful relative move seen (NaN: no reference)


@dataclass(frozen=True)
class LeadTimes:
    """The table (earliest first, never-moved last) and the headline numbers."""

    rows: tuple[LeadTime, ...]
    threshold: float
    generations: int
    first_tail: LeadTime | None
    first_average: LeadTime | None

    @property
    def lead(self) -> int | None:
        """Generations by which the first tail/minority metric moved before the first average
        one (negative: after); None when either never moved."""
        if self.first_tail is None or self.first_average is None:
            return None
        return self.first_average.generation - self.first_tail.generation

    def headline(self) -> str:
        pct = f"{self.threshold:.0%}" if self.threshold >= 0.01 else f"{self.threshold:g}"
        t, a = self.first_tail, self.first_average
        if t is None and a is None:
            return f"No measurement moved by more than {pct} within {self.generations} generations."
        if t is None:
            return (
                f"The average ({a.metric}) moved first, at generation {a.generation}; "
                f"no tail or minority measurement moved by more than {pct}."
            )
        if a is None:
            return (
                f"The tails ({t.metric}) moved at generation {t.generation}; the averages had not "
                f"moved by more than {pct} by generation {self.generations}."
            )
        n = self.lead
        if n > 0:
            return (
                f"The tails moved {n} generation{'s' if n != 1 else ''} before the average: "
                f"{t.metric} at generation {t.generation}, {a.metric} at generation {a.generation}."
            )
        if n == 0:
            return f"The tails and the average moved together, at generation {t.generation}."
        return (
            f"The average moved {-n} generation{'s' if n != -1 else ''} before the tails: "
            f"{a.metric} at generation {a.generation}, {t.metric} at generation {t.generation}."
        )

    def asdict(self) -> dict:
        return {
            "threshold": self.threshold,
            "headline": self.headline(),
            "lead": self.lead,
            "rows": [
                {
                    "metric": r.metric,
                    "generation": r.generation,
                    "direction": r.direction,
                    "group": r.group,
                    "reference": r.reference if np.isfinite(r.reference) else None,
                    "move": r.move if np.isfinite(r.move) else None,
                }
                for r in self.rows
            ],
        }


def check_threshold(threshold: object) -> float:
    """The threshold as a float in [MIN_THRESHOLD, MAX_THRESHOLD], or ValueError naming it."""
    try:
        t = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"lead-time threshold must be a number; got {threshold!r}") from None
    if not (MIN_THRESHOLD <= t <= MAX_THRESHOLD):
        raise ValueError(
            f"lead-time threshold must be between {MIN_THRESHOLD:g} and {MAX_THRESHOLD:g}; got {t!r}"
        )
    return t


def harmful_moves(median: np.ndarray, direction: str) -> tuple[np.ndarray, float]:
    """(signed relative moves per generation, reference); harm positive, NaN where undefined."""
    m = np.asarray(median, dtype=float)
    moves = np.full(m.shape, np.nan)
    later = np.flatnonzero(np.isfinite(m[1:])) + 1 if m.size > 1 else np.array([], dtype=int)
    if later.size == 0:
        return moves, float("nan")
    ref = float(m[later[0]])
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        diff = m - ref
        if ref == 0.0:  # no scale: any harmful move away from 0 counts as infinite
            rel = np.where(diff > 0, np.inf, np.where(diff < 0, -np.inf, 0.0))
            rel = np.where(np.isfinite(m), rel, np.nan)
        else:
            rel = diff / abs(ref)
    if direction == "down":
        rel = -rel
    elif direction == "either":
        rel = np.abs(rel)
    moves[1:] = rel[1:]
    return moves, ref


def first_move(median: np.ndarray, direction: str, threshold: float) -> tuple[int | None, float, float]:
    """(first generation whose harmful move exceeds threshold or None, reference, largest move)."""
    moves, ref = harmful_moves(median, direction)
    finite = ~np.isnan(moves)
    if not finite.any():
        return None, ref, float("nan")
    hit = np.flatnonzero(finite & (moves > threshold))
    return (int(hit[0]) if hit.size else None), ref, float(np.nanmax(moves))


def from_medians(
    medians: Mapping[str, np.ndarray], harm: Mapping[str, Harm], threshold: float = DEFAULT_THRESHOLD
) -> LeadTimes:
    """The lead-time table from per-generation medians (one 1-D array per metric); metrics
    without a declared harm are left out."""
    t = check_threshold(threshold)
    rows, gens = [], 0
    for name, med in medians.items():
        h = harm.get(name)
        if h is None:
            continue
        med = np.asarray(med, dtype=float).reshape(-1)
        gens = max(gens, med.size - 1)
        g, ref, move = first_move(med, h.direction, t)
        rows.append(LeadTime(name, g, h.direction, h.group, ref, move))
    order = sorted(range(len(rows)), key=lambda i: (rows[i].generation is None, rows[i].generation or 0, i))
    rows = tuple(rows[i] for i in order)
    first_tail = next((r for r in rows if r.generation is not None and r.group in ("tail", "minority")), None)
    first_avg = next((r for r in rows if r.generation is not None and r.group == "average"), None)
    return LeadTimes(rows, t, gens, first_tail, first_avg)


def medians_of(arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per-generation medians across replicates (axis 0), ignoring NaN replicates."""
    out = {}
    for name, values in arrays.items():
        v = np.asarray(values, dtype=float)
        v = v.reshape(1, -1) if v.ndim == 1 else v
        with np.errstate(all="ignore"):
            allnan = np.isnan(v).all(axis=0)
            filled = np.where(allnan[None, :], 0.0, v)
            med = np.nanmedian(filled, axis=0)
        out[name] = np.where(allnan, np.nan, med)
    return out


def from_arrays(
    arrays: Mapping[str, np.ndarray], harm: Mapping[str, Harm], threshold: float = DEFAULT_THRESHOLD
) -> LeadTimes:
    """The lead-time table from metric arrays of shape (replicates, generations + 1)."""
    return from_medians(medians_of({k: v for k, v in arrays.items() if k in harm}), harm, threshold)


def lead_times(
    res, threshold: float = DEFAULT_THRESHOLD, harm: Mapping[str, Harm] | None = None
) -> LeadTimes:
    """The lead-time table of a Result, with its family's declared harm unless given."""
    if harm is None:
        from collapse_core import families

        harm = families.get(res.config.family).harm
    names = [n for n in res.metric_names if n in harm]
    return from_arrays({n: res.metric(n) for n in names}, harm, threshold)


def text_table(lt: LeadTimes) -> str:
    """The table as plain text (the command line's `--lead-times`)."""
    width = max([len(r.metric) for r in lt.rows] + [6])
    lines = [lt.headline(), "", f"{'metric':<{width}}  {'group':<8}  {'harm':<6}  first moved"]
    for r in lt.rows:
        when = f"generation {r.generation}" if r.generation is not None else "never"
        lines.append(f"{r.metric:<{width}}  {r.group:<8}  {r.direction:<6}  {when}")
    return "\n".join(lines) + "\n"
