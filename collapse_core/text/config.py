"""The text family's configuration: a word n-gram model retrained on its own output.

Generation indexing follows collapse_core.config: generation 0 is the real text (the
corpus's training part); generation 1 is fitted on M real tokens (a random passage of the
real text); generation t + 1 is fitted on the training set the regime forms from the text
generation t's model writes (plus n_real real tokens, when real_fraction > 0).

sample_size M counts tokens, sentence boundaries included.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core import decoding
from collapse_core.config import ChainConfig, check_int, check_real
from collapse_core.decoding import MAX_TEMPERATURE, MIN_TEMPERATURE  # noqa: F401 (re-exported)
from collapse_core.text import corpus as corpus_mod

MAX_ORDER = 4
MAX_TEXT_SAMPLE = 2_000_000
MAX_TOP_K = 100_000
MAX_SMOOTHING = 100.0


@dataclass(frozen=True)
class TextConfig(ChainConfig):
    """An n-gram model of a corpus, retrained on text sampled from itself.

    Attributes (beyond ChainConfig, where sample_size M counts tokens):
        corpus: "python-docs" (the default) or "upload-<hash>" (a user's text held by this
            process; see collapse_core.text.corpus).
        order: n, 1 to 4 (1 = unigram: each word drawn independently of the ones before).
        smoothing: k >= 0 of add-k smoothing, p(w | h) = (c(h, w) + k) / (c(h) + k V) over
            the corpus's V token types; 0 is maximum likelihood (a word never seen after h is
            never written after h, and a word absent from the training text is gone for good).
        temperature: T in [0.05, 5]; the model's probabilities are raised to 1/T and
            renormalised (T < 1 sharpens, T > 1 flattens).
        top_k: keep only the k most probable next words (0 = off); ties broken by word id,
            i.e. the more frequent real word first.
        top_p: nucleus: keep the smallest set of most probable next words whose probability
            reaches top_p (1 = off; same tie rule); applied after top-k. The three knobs'
            semantics are shared with the categorical family: collapse_core.decoding.

    Examples:
        >>> from collapse_core import TextConfig
        >>> cfg = TextConfig(order=2, temperature=0.7, sample_size=5000, seed=1)
        >>> cfg.family, cfg.order
        ('text', 2)
    """

    sample_size: int = 5_000
    generations: int = 50
    replicates: int = 5
    corpus: str = corpus_mod.DEFAULT
    order: int = 2
    smoothing: float = 0.0
    temperature: float = 1.0
    top_k: int = 0
    top_p: float = 1.0

    family = "text"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_int("sample_size", self.sample_size, 2, MAX_TEXT_SAMPLE)
        if self.regime == "accumulate-subsample":
            raise ValueError(
                "regime 'accumulate-subsample' is not available for the text family (a subsample "
                "of tokens would break the sentences apart); use replace or accumulate"
            )
        corpus_mod.check_name(self.corpus)
        check_int("order", self.order, 1, MAX_ORDER)
        check_real("smoothing", self.smoothing, 0.0, MAX_SMOOTHING)
        decoding.check_knobs(self.temperature, self.top_k, self.top_p, MAX_TOP_K)

    @property
    def truncates(self) -> bool:
        """True when a decoding knob changes the model's distribution."""
        return decoding.active(self.temperature, self.top_k, self.top_p)

    def asdict(self) -> dict:
        return {"family": self.family, **dataclasses.asdict(self)}
