"""The categorical family's configuration: a vocabulary re-estimated from its own samples.

Generation indexing follows collapse_core.config: generation 0 is the truth; generation 1 is
fitted on M real tokens (n_real fresh real tokens plus n_syn tokens drawn from the truth);
generation t + 1 is fitted on the training set the regime forms from generation t's model.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from collapse_core import decoding
from collapse_core.budget import WorkBudgetError
from collapse_core.config import ChainConfig, check_choice, check_int, check_real

TRUTHS = ("zipf", "uniform", "english")
MAX_CATEGORIES = 1_000_000
MAX_ENGLISH_CATEGORIES = 50_000
MAX_ZIPF_EXPONENT = 10.0
MAX_ZIPF_OFFSET = 1000.0
MAX_SMOOTHING = 1e6
# numpy's multivariate hypergeometric ("marginals") needs the pool to hold fewer tokens.
MAX_SUBSAMPLE_POOL = 10**9 - 1


@dataclass(frozen=True)
class CategoricalConfig(ChainConfig):
    """A categorical distribution over K categories, refitted generation after generation.

    Attributes (beyond ChainConfig, where sample_size M counts tokens):
        truth: "zipf" (p_k proportional to k^-s, k = 1..K), "uniform" (1/K each) or
            "english" (the K most frequent English words, frequencies from wordfreq).
        categories: K, 2 to 1 000 000 (english: to 50 000). Categories are indexed by rank
            in the truth, most probable first.
        zipf_exponent: s in [0, 10]; used only when truth == "zipf".
        zipf_offset: b in [0, 1000]: the Zipf-Mandelbrot truth p_k proportional to (k + b)^-s
            (Suresh et al. 2025 use it); 0 is Zipf's law. Used only when truth == "zipf".
        smoothing: alpha >= 0 of the add-alpha estimator p_k = (n_k + alpha) / (N + alpha K);
            0 is maximum likelihood (empirical frequencies), under which a category that is
            absent from a training set gets probability 0.
        temperature, top_k, top_p: how the next generation's synthetic tokens are drawn from
            model t (t >= 1): its probabilities decoded as in collapse_core.decoding (p^(1/T)
            renormalised, then the k most probable, then the nucleus of mass top_p; ties go to
            the lower rank in the truth). Real tokens (and generation 1's, drawn from the
            truth) are never decoded; the stored metrics describe the fitted model itself.
            Defaults (1, 0 = off, 1 = off) sample the model as it is.
        data: "" or the hash of a stored data set with a column of labels (or label,count
            pairs): then the truth is the data's label frequencies (collapse_core.categorical.
            on_data), `truth` and the Zipf settings do not apply, and `categories` is set to
            the number of distinct labels.

    Examples:
        >>> from collapse_core import CategoricalConfig
        >>> cfg = CategoricalConfig(truth="zipf", categories=1000, sample_size=2000, seed=1)
        >>> cfg.family, cfg.categories
        ('categorical', 1000)
    """

    truth: str = "zipf"
    categories: int = 1000
    zipf_exponent: float = 1.0
    zipf_offset: float = 0.0
    smoothing: float = 0.0
    temperature: float = 1.0
    top_k: int = 0
    top_p: float = 1.0
    data: str = ""

    family = "categorical"  # class constant, not a field

    def __post_init__(self) -> None:
        super().__post_init__()
        check_choice("truth", self.truth, TRUTHS)
        if self.data:  # the data's labels are the categories
            from collapse_core.categorical.on_data import vocabulary
            from collapse_core.userdata.store import check_hash

            object.__setattr__(self, "data", check_hash(self.data))
            object.__setattr__(self, "categories", len(vocabulary(self.data)[0]))
        high = MAX_ENGLISH_CATEGORIES if self.truth == "english" and not self.data else MAX_CATEGORIES
        try:
            check_int("categories", self.categories, 2, high)
        except ValueError as exc:
            raise ValueError(f"{exc} (truth {self.truth!r})") from None
        check_real("zipf_exponent", self.zipf_exponent, 0.0, MAX_ZIPF_EXPONENT)
        check_real("zipf_offset", self.zipf_offset, 0.0, MAX_ZIPF_OFFSET)
        check_real("smoothing", self.smoothing, 0.0, MAX_SMOOTHING)
        decoding.check_knobs(self.temperature, self.top_k, self.top_p, MAX_CATEGORIES)
        if self.regime == "accumulate-subsample":
            pool = self.sample_size * self.generations
            if pool > MAX_SUBSAMPLE_POOL:
                # A size limit (numpy's hypergeometric counts), so a budget error: too large.
                raise WorkBudgetError(
                    f"sample_size x generations must be below 10^9 for regime "
                    f"'accumulate-subsample' (the pool of tokens it draws from); got {pool:,}: "
                    "use fewer generations or a smaller sample size"
                )

    @property
    def decodes(self) -> bool:
        """True when a decoding knob changes the distribution synthetic tokens come from."""
        return decoding.active(self.temperature, self.top_k, self.top_p)

    @property
    def sparse(self) -> bool:
        """True when a category that is lost can never return (so it may be dropped).

        With maximum likelihood a lost category has probability 0, and only real data can
        bring it back: fresh real data can, a fixed real set cannot (its categories never
        leave the training set).
        """
        return self.smoothing == 0 and (self.n_real == 0 or self.real_source == "fixed")

    def asdict(self) -> dict:
        out = {"family": self.family, **dataclasses.asdict(self)}
        if not out["data"]:  # without data the record stays what it always was
            del out["data"]
        return out
