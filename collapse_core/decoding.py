"""Decoding knobs shared by the families that sample words: temperature, top-k, top-p.

Semantics (the order Hugging Face's samplers use; the text family's n-gram Decoder and the
categorical family's synthetic tokens both follow it):
    temperature T: weights p^(1/T), renormalised (T < 1 sharpens, T > 1 flattens);
    top-k: keep the k most probable entries (0 = off);
    top-p: nucleus: keep the smallest set of most probable entries whose probability (after
        top-k) reaches p (1 = off). An entry is kept iff the mass ranked before it is below p,
        up to TOP_P_SLACK of floating-point slack, so the kept set's mass is >= p and no
        smaller set of the most probable entries reaches p.
Ties (equal probability) are ranked by index, lowest first: for a vocabulary in rank order
that is the more frequent true word first, so "the smallest set" is always one exact set.
"""

from __future__ import annotations

import numpy as np

from collapse_core.config import check_int, check_real

MIN_TEMPERATURE = 0.05
MAX_TEMPERATURE = 5.0
TOP_P_SLACK = 1e-12


def check_knobs(temperature: object, top_k: object, top_p: object, max_top_k: int) -> None:
    """Raise ValueError naming the knob that is out of range (T <= 0, NaN, top_p outside (0, 1], ...)."""
    check_real("temperature", temperature, MIN_TEMPERATURE, MAX_TEMPERATURE)
    check_int("top_k", top_k, 0, max_top_k)
    check_real("top_p", top_p, 0.0, 1.0, open_low=True)


def active(temperature: float, top_k: int, top_p: float) -> bool:
    """True when a knob changes the distribution sampled from (the defaults leave it as it is)."""
    return temperature != 1.0 or top_k > 0 or top_p < 1.0


def decode_rows(p: np.ndarray, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0) -> np.ndarray:
    """Decoding weights (rows, W) of the distributions p (rows, W, any positive scale per row).

    Each row's weights are proportional to its decoded distribution (largest weight 1; 0 for
    an entry dropped or of probability 0); divide by the row sum for probabilities. Entries of
    probability 0 never enter the ranking's kept part, so padding columns of zeros anywhere
    never change which entries are kept nor their weights.
    """
    p = np.asarray(p, dtype=float)
    top = p.max(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(top > 0, p / np.where(top > 0, top, 1.0), 0.0)
    if temperature != 1.0:
        w = w ** (1.0 / temperature)  # 0 stays 0
    if top_k <= 0 and top_p >= 1.0:
        return w
    order = np.argsort(-w, axis=1, kind="stable")  # ties: lowest index first
    ranked = np.take_along_axis(w, order, axis=1)
    keep = np.ones(w.shape, dtype=bool)
    if top_k > 0:
        keep[:, top_k:] = False
        ranked = np.where(keep, ranked, 0.0)
    if top_p < 1.0:
        # Sequential sums, zeros last: the total and every prefix ignore padding columns.
        cum = np.cumsum(ranked, axis=1)
        before = cum - ranked
        keep &= before < (top_p - TOP_P_SLACK) * cum[:, -1:]
    out = np.zeros_like(w)
    np.put_along_axis(out, order, np.where(keep, ranked, 0.0), axis=1)
    return out


def options() -> tuple:
    """The knobs' command-line options, declared alike by every family that has them (the shared
    parser refuses them for a family that does not)."""
    from collapse_core.family import Option

    return (
        Option(
            "--temperature",
            "temperature",
            float,
            f"sampling temperature, {MIN_TEMPERATURE} to {MAX_TEMPERATURE}; below 1 sharpens",
            metavar="T",
        ),
        Option("--top-k", "top_k", int, "keep only the k most probable words; 0 = off", metavar="k"),
        Option(
            "--top-p",
            "top_p",
            float,
            "nucleus: keep the most probable words holding mass p; 1 = off",
            metavar="p",
        ),
    )
