"""Exact count draws, one row per replicate, whose randomness ignores zero entries.

numpy's multinomial draws conditional binomials left to right and gives the last column
whatever is left. An entry with probability 0 draws no random number and leaves the
remaining mass unchanged, so a row's draw depends only on its positive entries, in order,
*provided the last column is positive*. `multinomial_rows` guarantees that, so padding,
dropping dead categories (compaction) or grouping rows differently never changes a result.
"""

from __future__ import annotations

import numpy as np

from collapse_core.decoding import decode_rows

# A zero entry still costs numpy ~40 ns inside a 2-D multinomial call; a separate call per
# row (on its positive entries only) costs ~5 us more. Measured here; either path gives
# the same draws.
_ZEROS_PER_ROW_CALL = 150
# resample_counts builds each row's list of training tokens when it holds at most this many
# tokens per token drawn (a pass over the list is cheaper than sorting the keys then).
_TOKEN_LIST_FACTOR = 8
# Past that, sorting the keys costs about as much per token as a conditional binomial costs
# per category (measured: K = n is near the crossover), so with at most as many categories
# as tokens the row is drawn as one multinomial over its categories instead.


def multinomial_rows(gen: np.random.Generator, n: int, p: np.ndarray) -> np.ndarray:
    """Counts (rows, W) int64, row i ~ Multinomial(n, p[i]); every row of p sums to 1."""
    rows, width = p.shape
    positive = p > 0
    if p.size - np.count_nonzero(positive) > _ZEROS_PER_ROW_CALL * rows:
        counts = np.zeros((rows, width), dtype=np.int64)
        for i in range(rows):
            nz = np.flatnonzero(positive[i])
            counts[i, nz] = gen.multinomial(n, p[i, nz])
        return counts
    last = width - 1 - np.argmax(positive[:, ::-1], axis=1)  # last positive column per row
    moved = np.flatnonzero(last != width - 1)
    if moved.size:
        # Only zeros lie between the last positive entry and the end: moving it to the end
        # keeps the positive entries in the same order and makes it the remainder column.
        p = p.copy()
        src = last[moved]
        p[moved, width - 1] = p[moved, src]
        p[moved, src] = 0.0
    counts = gen.multinomial(n, p)
    if moved.size:
        counts[moved, src] = counts[moved, width - 1]
        counts[moved, width - 1] = 0
    return counts


def hypergeometric_rows(gen: np.random.Generator, m: int, pool: np.ndarray) -> np.ndarray:
    """Row i: counts of m tokens drawn without replacement from pool[i] (exact).

    One numpy call per row, on the row's nonzero entries only (numpy's multivariate
    hypergeometric takes one set of colours at a time), with the cheaper of numpy's two exact
    methods for the row (hypergeometric_method): the choice depends only on the row's own
    counts, so compaction and row grouping never change a draw.
    """
    out = np.zeros_like(pool)
    for i, row in enumerate(pool):
        nz = np.flatnonzero(row)
        colours = row[nz]
        method = hypergeometric_method(m, int(colours.sum()), nz.size)
        out[i, nz] = gen.multivariate_hypergeometric(colours, m, method=method)
    return out


# Measured here (numpy 2.4): "marginals" draws one univariate hypergeometric per colour,
# ~180 ns each; "count" picks the m tokens from the pool's token list, ~5 us + 10 ns per token
# drawn + 0.35 ns per token held, and its list grows past the caches above 2^21 tokens.
_COUNT_MAX_POOL = 1 << 21


def hypergeometric_method(m: int, total: int, colours: int) -> str:
    """numpy's faster exact method for m of `total` tokens in `colours` nonzero colours."""
    count_ns = 5000 + 10 * m + 0.35 * total
    return "count" if total <= _COUNT_MAX_POOL and count_ns < 180 * colours else "marginals"


class InverseCDF:
    """Category indices of uniforms: min(searchsorted(cdf, u, "right"), K - 1), bit for bit,
    through a guide table (Chen and Asau's indexed search).

    numpy's binary search costs ~50 ns a key here (a branch mispredicted per level); the
    table gives each key a lower bound a few categories below its answer, and a few
    vectorised steps forward finish it (about 2x faster; bench/engines_vs_loops.py).
    """

    BUCKETS_PER_CATEGORY = 4
    MAX_STEPS = 8  # keys still unresolved after this many steps fall back to the binary search

    def __init__(self, cdf: np.ndarray):
        self.cdf = cdf
        k = cdf.size
        buckets = self.BUCKETS_PER_CATEGORY * k
        self.scale = buckets / cdf[-1]
        # Bucket b holds keys u with u * scale in [b, b + 1), so u exceeds bucket b - 1's
        # start whatever the rounding: its answer there is a lower bound for the whole bucket.
        starts = np.arange(-1, buckets - 1) / self.scale
        self.guide = np.minimum(np.searchsorted(cdf, starts, side="right"), k - 1)

    def index(self, u: np.ndarray) -> np.ndarray:
        """Indices (same shape as u) for keys u in [0, cdf[-1]]."""
        cdf, last = self.cdf, self.cdf.size - 1
        flat = u.reshape(-1)
        b = (flat * self.scale).astype(np.intp)
        np.minimum(b, self.guide.size - 1, out=b)
        idx = self.guide[b]
        todo = np.flatnonzero((cdf[idx] <= flat) & (idx < last))
        for _ in range(self.MAX_STEPS):
            if not todo.size:
                break
            idx[todo] += 1
            at = idx[todo]
            todo = todo[(cdf[at] <= flat[todo]) & (at < last)]
        if todo.size:
            idx[todo] = np.minimum(np.searchsorted(cdf, flat[todo], side="right"), last)
        return idx.reshape(u.shape)


def categorical_counts(
    gen: np.random.Generator, n: int, cdf: np.ndarray | InverseCDF, rows: int
) -> np.ndarray:
    """Counts (rows, K) int64, each row ~ Multinomial(n, p) for p with cumulative sums `cdf`.

    The n tokens of a row are drawn one by one as category indices (inverse CDF, InverseCDF)
    and counted: O(n) a row instead of K conditional binomials, which is what makes a few
    real tokens over a large vocabulary cheap. A sum of n independent categorical tokens is
    Multinomial(n, p) exactly (up to floating-point rounding of p, as for numpy's own
    multinomial).
    """
    icdf = cdf if isinstance(cdf, InverseCDF) else InverseCDF(cdf)
    k = icdf.cdf.size
    u = gen.random((rows, n))
    u *= icdf.cdf[-1]  # the total is 1 up to rounding
    idx = icdf.index(u)  # u * total == total (rounding) lands on the last category
    idx += (np.arange(rows) * k)[:, None]
    return np.bincount(idx.reshape(-1), minlength=rows * k).reshape(rows, k)


def resample_counts(
    gen: np.random.Generator, n: int, train: np.ndarray, total: int, alpha: float = 0.0, categories: int = 0
) -> np.ndarray:
    """Counts (rows, W) int64 of n tokens per row from the model (train + alpha) / (total + alpha K).

    Every row of `train` (non-negative integer counts) sums to `total`. A token is one of the
    row's `total` training tokens, uniformly (probability total / (total + alpha K)), or else a
    uniform category of K (smoothing; identity layout only, K = W): one uniform each. A training
    token is looked up in the row's token list (built by repeating each column by its count)
    while that list is short, else by binary search of the sorted keys in the running counts;
    then everything is counted. O(n) to O(n log) a row instead of one conditional binomial per
    category. Token j of a row is the j-th training token in column (rank) order, so zero
    columns (padding, dropped categories) and the grouping of rows never change a draw.
    """
    rows, width = train.shape
    if total > _TOKEN_LIST_FACTOR * n and 0 < categories <= n:
        # The same law: n draws from (train + alpha) / (total + alpha K) are Multinomial(n, p).
        p = smoothed_counts(train, alpha)
        p /= total + alpha * categories
        return multinomial_rows(gen, n, p)
    row_tok = (np.arange(rows, dtype=np.int64) * total)[:, None]
    uniform = None
    if alpha:
        u = gen.random((rows, n))
        u *= total + alpha * categories
        emp = u < total
        tok = u[emp].astype(np.int64) + np.broadcast_to(row_tok, (rows, n))[emp]
        other = ~emp
        cat = np.minimum(((u[other] - total) / alpha).astype(np.int64), categories - 1)
        uniform = cat + np.broadcast_to((np.arange(rows, dtype=np.int64) * width)[:, None], (rows, n))[other]
    else:
        tok = gen.integers(0, total, (rows, n))
        tok += row_tok
        tok = tok.reshape(-1)
    if total <= _TOKEN_LIST_FACTOR * n:
        flat = np.repeat(np.arange(rows * width), train.reshape(-1))[tok]
    else:
        flat = np.searchsorted(np.cumsum(train, axis=None), np.sort(tok), side="right")
    if uniform is not None:
        flat = np.concatenate([flat, uniform])
    return np.bincount(flat, minlength=rows * width).reshape(rows, width)


def smoothed_counts(train: np.ndarray, alpha: float) -> np.ndarray:
    """train + alpha as a new float array: the model's weights, (total + alpha K) times p."""
    return train + alpha if alpha else train.astype(float)


def decoded_counts(gen: np.random.Generator, cfg, train: np.ndarray, total: int) -> np.ndarray:
    """Counts (rows, W) int64 of cfg.n_syn tokens per row from the decoded model.

    The model is p = (train + alpha) / (total + alpha K) (rows sum to `total`); its decoding
    weights (collapse_core.decoding, ties to the lower column = the lower true rank, since
    columns stay in rank order) are normalised by their sequential sum and drawn as one exact
    multinomial per row (multinomial_rows, whose draws ignore zero columns). A dropped or
    dead category gets no token; padding columns never change a draw.
    """
    alpha = cfg.smoothing
    model = smoothed_counts(train, alpha)  # the scale does not matter
    w = decode_rows(model, cfg.temperature, cfg.top_k, cfg.top_p)
    q = w / np.cumsum(w, axis=1)[:, -1:]  # a sequential sum: zero columns leave it unchanged
    return multinomial_rows(gen, cfg.n_syn, q)
