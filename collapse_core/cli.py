"""Command line: `python -m collapse_core simulate ...` writes a run's summary as JSON or CSV;
`presets` lists the presets from the papers, and `simulate --preset NAME` runs one (flags given
explicitly override the preset's fields).

Bad arguments print one line on stderr and exit with status 2; I/O failures exit with 1.
"""

from __future__ import annotations

import argparse
import json
import sys

from collapse_core import budget as budget_mod
from collapse_core import presets as presets_mod
from collapse_core.categorical import cli as categorical_cli
from collapse_core.config import REAL_SOURCES, REGIMES
from collapse_core.gaussian import GaussianConfig, simulate_gaussian, theory
from collapse_core.gaussian.config import ESTIMATORS
from collapse_core.gaussian.engine import ENGINES
from collapse_core.gaussian.metrics import METRICS
from collapse_core.output import csv_text, document

PROG = "python -m collapse_core"


class UsageError(Exception):
    """A bad argument: one line on stderr, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad argument raises UsageError (one line, exit 2) instead of printing
    the whole usage block. Shared with the export command line."""

    def error(self, message: str):  # argparse would print the whole usage block
        raise UsageError(message)


def _gaussian(args) -> tuple:
    cfg = GaussianConfig.from_namespace(args)
    res = simulate_gaussian(cfg, engine=args.engine, budget=budget_mod.BATCH)
    return res, theory(res.config)


# family name -> runner(args) -> (Result, theory dict); other families register here.
FAMILIES = {"gaussian": _gaussian, "categorical": categorical_cli.run}


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog=PROG, description="Model collapse simulations from the command line.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sim = sub.add_parser(
        "simulate",
        help="run a chain and write its per-generation summary",
        description=(
            "Run a chain of models, each fitted to data sampled from the one before, and write "
            "the per-generation summary (mean, median, 5%% and 95%% quantiles across replicates) "
            "of every metric. Generation 0 is the truth; generation 1 is fitted on M real points."
        ),
        epilog="Gaussian metrics: "
        + "; ".join(f"{k}: {v[0]}" for k, v in METRICS.items())
        + ". "
        + categorical_cli.EPILOG,
    )
    pre = sim.add_argument_group("preset")
    pre.add_argument("--preset", metavar="NAME", default=None, help="start from a preset's full configuration (see the presets command); other flags given explicitly override its fields")
    pre.add_argument("--side", choices=("main", "compare"), default="main", help="with --preset: run its main configuration or its comparison side (default: main)")
    chain = sim.add_argument_group("chain")
    chain.add_argument("--family", choices=sorted(FAMILIES), default="gaussian", help="what is fitted and sampled (default: gaussian)")
    chain.add_argument("--sample-size", type=int, default=100, metavar="M", help="points per generation, 2 to 10^9 (default: 100)")
    chain.add_argument("--generations", type=int, default=200, metavar="G", help="models fitted after the truth, 1 to 100000 (default: 200)")
    chain.add_argument("--replicates", type=int, default=200, metavar="R", help="independent chains, 1 to 100000 (default: 200)")
    chain.add_argument("--regime", choices=REGIMES, default="replace", help="replace: newest data only; accumulate: all data so far; accumulate-subsample: M points drawn from all data so far (default: replace)")
    chain.add_argument("--real-fraction", type=float, default=0.0, metavar="r", help="share of each new batch that is real data, 0 to 1 (default: 0)")
    chain.add_argument("--real-source", choices=REAL_SOURCES, default="fresh", help="fresh: new real draws every generation; fixed: generation 1's real points reused (default: fresh)")
    chain.add_argument("--seed", type=int, default=None, help="integer seed; omitted: one is drawn and written to the output")
    chain.add_argument("--engine", choices=ENGINES, default="auto", help="exact: sufficient statistics, cost independent of M; monte-carlo: draws every point; auto: exact where it applies (default: auto)")
    gauss = sim.add_argument_group("gaussian family")
    gauss.add_argument("--estimator", choices=ESTIMATORS, default="mle", help="mle: variance divides by n (ddof=0); unbiased: by n-1 (default: mle)")
    gauss.add_argument("--mu0", type=float, default=0.0, help="mean of the truth (default: 0)")
    gauss.add_argument("--sigma0", type=float, default=1.0, help="standard deviation of the truth (default: 1)")
    categorical_cli.add_arguments(sim)
    out = sim.add_argument_group("output")
    out.add_argument("--format", choices=("json", "csv"), default="json", help="json: config, seed, engine, generations, summary, theory; csv: one row per generation (default: json)")
    out.add_argument("--out", metavar="FILE", default=None, help="write here instead of standard output")
    lst = sub.add_parser("presets", help="list the presets from the papers",
                         description="List the presets: name, page, title (and with --format json, everything).")
    lst.add_argument("--format", choices=("text", "json"), default="text", help="text: one line each; json: full configurations, explanations and citations (default: text)")
    return parser


def _simulate_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    return parser._subparsers._group_actions[0].choices["simulate"]


def _explicit(argv: list[str] | None) -> set[str]:
    """The simulate options given on the command line (not just equal to their defaults)."""
    parser = build_parser()
    for action in _simulate_parser(parser)._actions:
        action.default = argparse.SUPPRESS
    return set(vars(parser.parse_args(argv)))


def apply_preset(args, argv: list[str] | None) -> None:
    """Fill args from the preset, except where a flag was given explicitly."""
    preset = presets_mod.get(args.preset)
    cfg = preset.config if args.side == "main" else preset.compare
    if cfg is None:
        raise UsageError(f"preset {preset.name!r} has no comparison side")
    fields = cfg.asdict()
    family = fields.pop("family")
    explicit = _explicit(argv)
    if "family" in explicit and args.family != family:
        raise UsageError(f"--family {args.family} conflicts with preset {preset.name!r} (family {family})")
    args.family = family
    for name, value in fields.items():
        if name not in explicit:
            setattr(args, name, value)


def presets_text(fmt: str) -> str:
    if fmt == "json":
        return json.dumps([p.asdict() for p in presets_mod.PRESETS.values()], indent=1) + "\n"
    width = max(len(n) for n in presets_mod.PRESETS)
    lines = [f"{p.name:<{width}}  {p.page:<10}  {p.title}" + ("  [compare]" if p.compare else "")
             for p in presets_mod.PRESETS.values()]
    return "\n".join(lines) + "\n"


def _write(text: str, path: str | None) -> None:
    if path is None:
        sys.stdout.write(text)
        return
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError("a command is required: simulate or presets (see --help)")
        if args.command == "presets":
            sys.stdout.write(presets_text(args.format))
            return 0
        if args.preset is not None:
            apply_preset(args, argv)
        elif args.side != "main":
            raise UsageError("--side applies with --preset only")
        res, th = FAMILIES[args.family](args)
    except (UsageError, ValueError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    doc = document(res, th)
    text = json.dumps(doc) + "\n" if args.format == "json" else csv_text(doc)
    try:
        _write(text, args.out)
    except OSError as exc:
        print(f"{PROG}: error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
