"""The "Phase diagram" page (Research section): a sweep over sample size x real-data share for
any family, its metric as a heatmap with the target level's contour, the exact theory boundary
where the family has one, "how much real data is enough?", and (Gaussian) the contamination x
detector-recall diagram. Pure: no Streamlit calls (the page script draws)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from collapse_core import families
from collapse_core.result import SUMMARY_STATS
from collapse_core.sweep import Axis, SweepSpec
from collapse_ui import chain_params as cp
from collapse_ui.params import ChoiceParam, FloatParam, IntParam, LadderParam
from collapse_ui.registry import NavPage

NAME = "phase"
TITLE = "Phase diagram: how much real data is enough?"

# Sensible defaults per family: the metric, and whether it should stay above or below the level.
DEFAULT_METRIC = {
    "gaussian": ("variance_ratio", "at_least", 0.95),
    "categorical": ("surviving_fraction", "at_least", 0.5),
    "text": ("distinct_words", "at_least", 100.0),
}
ALL_METRICS = tuple(dict.fromkeys(m for f in families.all_families().values() for m in f.metrics))
SIZE_STEPS = tuple(v for v in cp.LADDER if 2 <= v <= 100_000)

PARAMS = (
    ChoiceParam(
        name="family",
        label="Model family",
        default="gaussian",
        options=families.names(),
        labels={n: f.title for n, f in families.all_families().items()},
    ),
    ChoiceParam(
        name="metric",
        label="Metric",
        default="variance_ratio",
        options=ALL_METRICS,
        help="What each cell reports, read at the last generation.",
    ),
    ChoiceParam(
        name="statistic",
        label="Across the chains of a cell",
        default="median",
        options=SUMMARY_STATS,
        labels={"mean": "mean", "median": "median", "q05": "5% quantile", "q95": "95% quantile"},
    ),
    ChoiceParam(
        name="direction",
        label="Target",
        default="at_least",
        options=("at_least", "at_most"),
        labels={"at_least": "stays at least the level", "at_most": "stays at most the level"},
    ),
    FloatParam(
        name="level",
        label="Target level",
        default=0.95,
        low=-1e9,
        high=1e9,
        step=0.001,
        help="e.g. 0.95: the fitted variance keeps 95% of the truth's.",
    ),
    dataclasses.replace(cp.GENERATIONS, default=200, high=2000),
    dataclasses.replace(cp.REPLICATES, default=100),
    LadderParam(name="size_low", label="Smallest sample size", default=10, options=SIZE_STEPS),
    LadderParam(name="size_high", label="Largest sample size", default=1000, options=SIZE_STEPS),
    IntParam(name="sizes", label="Sample sizes (log-spaced)", default=8, low=2, high=21),
    FloatParam(
        name="share_high", label="Largest real-data share", default=0.5, low=0.01, high=1.0, step=0.01
    ),
    IntParam(name="shares", label="Real-data shares (evenly spaced from 0)", default=11, low=2, high=21),
    cp.REGIME,
    cp.REAL_SOURCE,
    cp.SEED,
    FloatParam(
        name="nominal_share",
        label="Nominal real share (provenance diagram)",
        default=0.2,
        low=0.01,
        high=1.0,
        step=0.01,
        help="The share of each batch taken from the 'real' pool.",
    ),
    FloatParam(
        name="fpr",
        label="Detector false-positive rate",
        default=0.05,
        low=0.0,
        high=0.99,
        step=0.01,
        help="The chance that the detector removes a genuine point.",
    ),
)


def metric_for(values: dict[str, Any]) -> tuple[str, str | None]:
    """(metric used, warning or None): a metric the family lacks falls back to its default."""
    fam = families.get(values["family"])
    if values["metric"] in fam.metrics:
        return values["metric"], None
    fallback = DEFAULT_METRIC.get(fam.name, (next(iter(fam.metrics)),))[0]
    return fallback, (f"The {fam.name} family has no metric {values['metric']!r}; showing {fallback!r}.")


def apply_family_defaults(set_value, family: str) -> None:
    """Set metric, direction and level to the family's default target (on a family change)."""
    fam = families.get(family)
    metric, direction, level = DEFAULT_METRIC.get(family, (next(iter(fam.metrics)), "at_least", 0.5))
    set_value("metric", metric)
    set_value("direction", direction)
    set_value("level", level)


def grid(values: dict[str, Any]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    lo, hi = sorted((values["size_low"], values["size_high"]))
    sizes = tuple(int(v) for v in np.unique(np.floor(np.geomspace(lo, hi, values["sizes"]) + 0.5)))
    shares = tuple(round(float(v), 6) for v in np.linspace(0.0, values["share_high"], values["shares"]))
    return sizes, shares


def spec_from(values: dict[str, Any]) -> SweepSpec:
    metric, _ = metric_for(values)
    sizes, shares = grid(values)
    base = {
        "generations": values["generations"],
        "replicates": values["replicates"],
        "regime": values["regime"],
        "real_source": values["real_source"],
    }
    return SweepSpec(
        family=values["family"],
        base=base,
        axes=(Axis("sample_size", sizes), Axis("real_fraction", shares)),
        metrics=((metric, values["statistic"]),),
        root_seed=values["seed"],
    )


def op(values: dict[str, Any]) -> str:
    return ">=" if values["direction"] == "at_least" else "<="


def theory_boundary(spec: SweepSpec, level: float, op_: str) -> list[float | None] | None:
    """Per sample size, the exact smallest real share meeting the level for E[metric] (the
    family's theory), or None when the family has no such closed form."""
    from collapse_core.sweep.threshold import theory_threshold

    metric = spec.metrics[0][0]
    out = []
    for m in spec.axes[0].values:
        cfg = spec.fam.config(**{**spec.base, "sample_size": m, "seed": 0})
        t = theory_threshold(cfg, metric, level, None, op_)
        if t is None:
            return None
        out.append(t)
    return out


def settings_line(values: dict[str, Any]) -> str:
    metric, _ = metric_for(values)
    sizes, shares = grid(values)
    word = ">=" if values["direction"] == "at_least" else "<="
    return (
        f"{values['family']}: {values['statistic']} {metric} {word} {values['level']:g} after "
        f"G={values['generations']}, R={values['replicates']}, {values['regime']}, real data "
        f"{values['real_source']}; M {sizes[0]}..{sizes[-1]} ({len(sizes)}), real share 0..{shares[-1]:g} "
        f"({len(shares)}); seed {values['seed']}"
    )


def file_stem(values: dict[str, Any]) -> str:
    metric, _ = metric_for(values)
    return f"phase_{values['family']}_{metric}_{values['statistic']}_G{values['generations']}_seed{values['seed']}"


@dataclasses.dataclass(frozen=True)
class ExportNames:
    """What collapse_ui.chart needs to name and caption an exported chart."""

    name: str = NAME

    @staticmethod
    def file_stem(values: dict[str, Any]) -> str:
        return file_stem(values)

    @staticmethod
    def settings_line(values: dict[str, Any]) -> str:
        return settings_line(values)


EXPORT = ExportNames()


def answer_line(table, values: dict[str, Any], boundary=None) -> str:
    """The one-line answer at the middle sample size of the grid: from the exact theory boundary
    where there is one (collapse_ui/phase_sentence.py), else the grid's Monte Carlo band."""
    from collapse_ui.phase_sentence import headline

    metric, _ = metric_for(values)
    sizes, shares = grid(values)
    step = shares[1] - shares[0] if len(shares) > 1 else shares[0]
    return headline(table, values, metric, op(values), boundary, sizes, step)


PAGE = NavPage(
    name=NAME,
    script="pages/phase_diagram.py",
    title="Phase diagram",
    icon=":material/grid_on:",
    section="Research",
    url_path="phase_diagram",
    params=PARAMS,
)
