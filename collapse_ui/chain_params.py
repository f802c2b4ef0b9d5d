"""The settings every chain page shares (sizes, regime, real data, replicates, seed), as typed
URL specs. A family page takes these and retunes labels or defaults with dataclasses.replace;
no page borrows another page's specs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from collapse_core import REAL_SOURCES, REGIMES
from collapse_core.budget import INTERACTIVE
from collapse_ui.params import ChoiceParam, FloatParam, IntParam, LadderParam

# 1-2-5 per decade: equal slider steps are equal ratios, so 2 and 10^6 are both reachable.
LADDER = tuple(m * 10**e for e in range(7) for m in (1, 2, 5) if 2 <= m * 10**e <= 10**6)
SAMPLE_SIZES = LADDER
REPLICATE_COUNTS = (10, 20, 50, 100, 200, 500, 1000)
MAX_GENERATIONS = 5000
# The seed box is a browser number field: integers above 2^53 lose digits in JavaScript.
MAX_SEED = 2**53 - 1
DEFAULT_GENERATIONS = 200

SAMPLE_SIZE = LadderParam(
    name="sample_size",
    label="Sample size per generation",
    default=100,
    options=SAMPLE_SIZES,
    help="How many points each new model is fitted on. Fewer points: faster collapse.",
)
GENERATIONS = IntParam(
    name="generations",
    label="Generations",
    default=DEFAULT_GENERATIONS,
    low=1,
    high=MAX_GENERATIONS,
    help="How many times a model is fitted to data sampled from the model before it.",
)
REAL_FRACTION = FloatParam(
    name="real_fraction",
    label="Share of real data",
    default=0.0,
    low=0.0,
    high=1.0,
    step=0.01,
    help="The share of each generation's training data that is real rather than sampled "
    "from the previous model.",
)
REGIME = ChoiceParam(
    name="regime",
    label="Training data each generation",
    default="replace",
    options=REGIMES,
    labels={
        "replace": "Replace: the newest data only",
        "accumulate": "Accumulate: all data so far",
        "accumulate-subsample": "Accumulate, then draw a sample from it",
    },
)
REAL_SOURCE = ChoiceParam(
    name="real_source",
    label="Real data comes from",
    default="fresh",
    options=REAL_SOURCES,
    labels={"fresh": "Fresh draws every generation", "fixed": "The same original sample, reused"},
    help="Only matters when the share of real data is above zero.",
)
REPLICATES = LadderParam(
    name="replicates",
    label="Chains run side by side",
    default=200,
    options=REPLICATE_COUNTS,
    help="Independent chains with the same settings; the band shows where 90% of them lie.",
)
SEED = IntParam(
    name="seed",
    label="Seed",
    default=1,
    low=0,
    high=MAX_SEED,
    help="Fixes the random numbers: the same seed and settings always give the same picture.",
)
# The decoding knobs of collapse_core.decoding, for the pages whose models write words.
TEMPERATURE = FloatParam(
    name="temperature",
    label="Temperature",
    default=1.0,
    low=0.1,
    high=2.0,
    step=0.05,
    help="Below 1 sharpens the distribution each new generation's text is written from towards its "
    "most likely words; 1 samples the model as it is.",
)
TOP_K = IntParam(
    name="top_k",
    label="Top-k (0 = off)",
    default=0,
    low=0,
    high=1000,
    help="Write only one of the k most likely words.",
)
TOP_P = FloatParam(
    name="top_p",
    label="Top-p (1 = off)",
    default=1.0,
    low=0.05,
    high=1.0,
    step=0.01,
    help="Nucleus sampling: write only from the smallest set of most likely words whose probability "
    "reaches p.",
)
DECODING = (TEMPERATURE, TOP_K, TOP_P)


def truncation_stem(values) -> str:
    """The truncation knobs in a file name ("_topk40_topp0.9"; nothing when off)."""
    top_k, top_p = values.get("top_k", 0), values.get("top_p", 1.0)
    return (f"_topk{top_k}" if top_k else "") + (f"_topp{top_p:g}" if top_p < 1 else "")


def real_stem(values: dict) -> str:
    """The real-data part of a file stem: "_real10fresh" for 10% fresh real data, "" for none."""
    if not values["real_fraction"]:
        return ""
    return f"_real{round(100 * values['real_fraction'])}{values['real_source']}"


# The chain fields of collapse_core.config.ChainConfig that these specs set.
CHAIN_FIELDS = ("sample_size", "generations", "replicates", "seed", "regime", "real_fraction", "real_source")


def _runs(build, value) -> bool:
    """Whether a config built with `value` is valid and fits the interactive budget."""
    from collapse_core import WorkBudgetError, families

    try:
        cfg = build(value)
        fam = families.of(cfg)
        fam.check_budget(cfg, engine=fam.choose_engine(cfg, "auto")[0], budget=INTERACTIVE)
    except (WorkBudgetError, ValueError):
        return False
    return True


def fit_to_budget(params: tuple, config_from) -> tuple:
    """`params` with every numeric control trimmed to what runs at the page's other defaults
    (a control must not offer a value that is refused on its own): ladders keep the steps
    that run; a whole-number slider's ends move in to the last value that runs (bisection).
    Controls of display only (not in the config) are left as they are."""
    defaults = {p.name: p.default for p in params}
    base = config_from(defaults)
    fields = set(base.asdict())
    out = []
    for p in params:
        if p.name not in fields or not isinstance(p, IntParam):
            out.append(p)
            continue

        def build(v, name=p.name):
            return config_from({**defaults, name: v})

        if isinstance(p, LadderParam):
            kept = tuple(v for v in p.options if _runs(build, v))
            out.append(dataclasses.replace(p, options=kept) if kept and kept != p.options else p)
            continue
        low, high = p.low, p.high
        if not _runs(build, high):
            lo, hi = p.default, high  # the default runs; find the last value that does
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if _runs(build, mid) else (lo, mid)
            high = lo
        if not _runs(build, low):
            lo, hi = low, p.default
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if _runs(build, mid) else (mid, hi)
            low = hi
        out.append(dataclasses.replace(p, low=low, high=high) if (low, high) != (p.low, p.high) else p)
    return tuple(out)


def config_fields(params: tuple, config_class: type) -> tuple[str, ...]:
    """The settings that are fields of the family's config (the others are display only)."""
    names = {f.name for f in dataclasses.fields(config_class) if f.init}
    return tuple(p.name for p in params if p.name in names)


def settings(params: tuple, config_class: type, convert: dict | None = None) -> tuple[tuple, Callable]:
    """A family page's settings: (`params` fitted to the interactive budget, config_from).

    config_from(values) builds `config_class` from the settings that are its fields, each
    through `convert` when it names one (a choice's text -> the config's number); it raises
    ValueError for settings that do not fit together (the core names the field)."""
    fields = config_fields(params, config_class)
    convert = dict(convert or {})

    def config_from(values: dict[str, Any]):
        return config_class(**{n: convert[n](values[n]) if n in convert else values[n] for n in fields})

    return fit_to_budget(params, config_from), config_from
