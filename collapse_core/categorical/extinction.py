"""Which categories (words) went extinct, and when: tables a page can show as they are.

Built from Result.arrays["first_extinct"] / ["last_extinct"] (R, K), so they cost O(K) per
replicate and never rerun anything.
"""

from __future__ import annotations

import numpy as np

from collapse_core.categorical.truth import category_labels, truth_probabilities


def _check_replicate(res, replicate) -> None:
    r = res.config.replicates
    if isinstance(replicate, bool) or not isinstance(replicate, (int, np.integer)) or not 0 <= replicate < r:
        raise ValueError(f"replicate must be an integer from 0 to {r - 1}; got {replicate!r}")


def extinction_table(res, replicate: int = 0) -> dict[str, np.ndarray]:
    """Every category that went extinct at least once in one replicate, earliest first.

    Columns (equal-length arrays): rank (1 = most probable in the truth), label (the word
    for the English truth, else 'rank k'), truth_probability, first_extinct (first
    generation with count 0), last_extinct (start of the final dead spell, -1 if alive
    at the last generation), extinct_at_end (bool), revived (bool: came back at least
    once, i.e. alive at the end or extinct again later than first). Ties in first_extinct
    are broken by rank.
    """
    _check_replicate(res, replicate)
    first = res.arrays["first_extinct"][replicate]
    last = res.arrays["last_extinct"][replicate]
    idx = np.flatnonzero(first > 0)
    idx = idx[np.lexsort((idx, first[idx]))]
    labels = np.array(category_labels(res.config), dtype=object)
    return {
        "rank": idx + 1,
        "label": labels[idx],
        "truth_probability": truth_probabilities(res.config)[idx],
        "first_extinct": first[idx],
        "last_extinct": last[idx],
        "extinct_at_end": last[idx] > 0,
        "revived": last[idx] != first[idx],
    }


def extinct_words(res, replicate: int = 0, limit: int | None = None) -> list[dict]:
    """Rows {"rank", "word", "truth_probability", "extinct_at", "came_back"} for a class.

    The categories extinct at the last generation, in the order they vanished for good
    (extinct_at = the generation of that final extinction); came_back says whether the
    category had been lost before and returned (possible with fresh real data, smoothing
    or accumulate-subsample). Works for every truth; words are real for "english".
    """
    tab = extinction_table(res, replicate)
    keep = np.flatnonzero(tab["extinct_at_end"])
    keep = keep[np.lexsort((tab["rank"][keep], tab["last_extinct"][keep]))]
    if limit is not None:
        keep = keep[:limit]
    return [
        {
            "rank": int(tab["rank"][i]),
            "word": str(tab["label"][i]),
            "truth_probability": float(tab["truth_probability"][i]),
            "extinct_at": int(tab["last_extinct"][i]),
            "came_back": bool(tab["revived"][i]),
        }
        for i in keep
    ]


def survival_by_rank(res, generation: int | None = None) -> np.ndarray:
    """(K,) share of replicates in which each category is alive at `generation` (default G).

    Exact from the tables at the last generation, and at any generation when a lost
    category can never return (no fresh real data, no smoothing, not accumulate-subsample);
    otherwise raises ValueError (intermediate alive states are not kept).
    """
    cfg = res.config
    g = cfg.generations if generation is None else generation
    if isinstance(g, bool) or not isinstance(g, (int, np.integer)) or not 0 <= g <= cfg.generations:
        raise ValueError(f"generation must be an integer from 0 to {cfg.generations}; got {generation!r}")
    if g == cfg.generations:
        return (res.arrays["last_extinct"] < 0).mean(axis=0)
    if not cfg.sparse or cfg.regime == "accumulate-subsample":
        raise ValueError(
            "alive states before the last generation are known only when lost categories "
            "cannot return (no fresh real data, no smoothing, not accumulate-subsample)"
        )
    first = res.arrays["first_extinct"]
    return ((first < 0) | (first > g)).mean(axis=0)
