"""The categorical page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.categorical import (
    TAIL_RANKS,
    category_labels,
    extinct_words,
)
from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, extended, theory_of

MAX_WORDS = 2000  # rows of the vanished-words table kept in the digest (the most common ones)


RANK_POINTS = 300  # points per rank-frequency curve (log-spaced ranks; the last one always kept)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One chain's fitted model at one generation, as a rank-frequency curve: the alive words
    sorted by probability, at log-spaced ranks (the last alive rank always included)."""

    generation: int
    alive: int
    rank: np.ndarray
    probability: np.ndarray
    label: tuple[str, ...]  # the word (or 'rank k' in the truth) at each point


@dataclass(frozen=True, eq=False)
class VocabDigest(ChainDigest):
    """ChainDigest plus what the vocabulary charts need, all small.

    Bands: surviving, tail_coverage_top10/top100 (where the truth has that tail), lost_total
    (drop-outs so far, a word lost twice counts twice) and revived_total (comebacks so far);
    lost_total - revived_total = words missing now. `snapshots` are chain 1's curves; `words`
    are chain 1's vanished words (the MAX_WORDS most common), `words_lost` how many in all.
    """

    snapshots: tuple[Snapshot, ...]
    words: dict[str, list]
    words_lost: int

    @property
    def noun(self) -> str:
        """What the categories are called in sentences and axis titles."""
        return "labels" if self.config.data else "words" if self.config.truth == "english" else "categories"


def _snapshot(generation: int, p: np.ndarray, labels: tuple[str, ...] | None) -> Snapshot:
    order = np.argsort(-p, kind="stable")
    alive = int(np.count_nonzero(p))
    idx = np.unique(np.round(np.geomspace(1, max(alive, 1), RANK_POINTS)).astype(int)) - 1
    cat = order[idx]
    label = tuple(labels[c] for c in cat) if labels else tuple(f"rank {c + 1}" for c in cat)
    return Snapshot(generation, alive, idx + 1, p[cat], label)


def _word_table(res: Result) -> tuple[dict[str, list], int]:
    rows = extinct_words(res, replicate=0)
    keep = sorted(rows, key=lambda r: r["rank"])[:MAX_WORDS]  # most common first: words a class knows
    table = {
        "word": [r["word"] for r in keep],
        "rank": [r["rank"] for r in keep],
        "one_in": [round(1 / r["truth_probability"]) for r in keep],
        "gone_at": [r["extinct_at"] for r in keep],
        "came_back": [r["came_back"] for r in keep],
    }
    return table, len(rows)


def digest_result(result: Result) -> VocabDigest:
    cfg = result.config
    bands = [
        "surviving",
        "surviving_fraction",
        *(f"tail_coverage_top{c}" for c in TAIL_RANKS if cfg.categories > c),
        "lost_total",
        "revived_total",
    ]
    base = digest(result, tuple(bands), ("surviving",), theory_of(cfg), share_metrics=("collapsed",))
    labels = category_labels(cfg) if cfg.truth == "english" or cfg.data else None
    snaps = result.arrays["snapshot_probabilities"]  # (S, replicates kept, K)
    gens = result.arrays["snapshot_generations"]
    words, lost_words = _word_table(result)
    return extended(
        base,
        VocabDigest,
        snapshots=tuple(_snapshot(int(g), snaps[i, 0], labels) for i, g in enumerate(gens)),
        words=words,
        words_lost=lost_words,
    )
