"""Command line: `python -m collapse_core simulate ...` writes a run's summary as JSON or CSV;
`presets` lists the presets from the papers, and `simulate --preset NAME` runs one (flags given
explicitly override the preset's fields); `sweep` runs a grid of simulations (collapse_core/sweep).

The options come from the family registry: the chain's options are shared, each family
declares its own (Family.options), and an option of another family is refused by name.
Bad arguments print one line on stderr and exit with status 2; I/O failures exit with 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys

from collapse_core import allocator, families, safe_write
from collapse_core import budget as budget_mod
from collapse_core import lead_times as lead_times_mod
from collapse_core import presets as presets_mod
from collapse_core.config import REAL_SOURCES, REGIMES, ChainConfig
from collapse_core.extras import MissingExtra
from collapse_core.output import csv_text, document
from collapse_core.run import simulate
from collapse_core.sweep import cli as sweep_cli
from collapse_core.userdata import cli_data

PROG = "python -m collapse_core"


class UsageError(Exception):
    """A bad argument: one line on stderr, exit status 2."""


def one_line(message: object, word: int = 80) -> str:
    """An error message as one bounded line: argparse and the configs echo the value given,
    which may hold newlines (a second stderr line) or be 100 kB long."""
    text = re.sub(r"\s+", " ", str(message)).strip()
    return re.sub(rf"\S{{{word + 1},}}", lambda m: m.group()[:word] + "…", text)


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad argument raises UsageError (one line, exit 2) instead of printing
    the whole usage block. Shared with the export command line."""

    def error(self, message: str):  # argparse would print the whole usage block
        raise UsageError(message)

    def parse_known_args(self, args=None, namespace=None):
        return super().parse_known_args(self._glue(sys.argv[1:] if args is None else list(args)), namespace)

    def _glue(self, args: list[str]) -> list[str]:
        """`--mu0 -1e12` and `--out -dash.json`: a value that starts with one dash, after an
        option that takes a value, is that option's value (argparse would read it as an option
        and fail), unless it is one of this parser's own options."""
        takes_value = {
            s
            for a in self._actions
            if a.option_strings
            and a.nargs is None
            and isinstance(a, (argparse._StoreAction, argparse._AppendAction))
            for s in a.option_strings
        }
        known = {s for a in self._actions for s in a.option_strings}
        out, i = [], 0
        while i < len(args):
            tok = args[i]
            nxt = args[i + 1] if i + 1 < len(args) else None
            if (
                tok in takes_value
                and nxt is not None
                and nxt.startswith("-")
                and not nxt.startswith("--")
                and nxt not in known
            ):
                out.append(f"{tok}={nxt}")
                i += 2
                continue
            out.append(tok)
            i += 1
        return out


_CHAIN_DEFAULTS = {f.name: f.default for f in dataclasses.fields(ChainConfig)}
_CHAIN_FIELDS = tuple(_CHAIN_DEFAULTS)
# Options of `simulate` that are not config fields, with their defaults.
_RUN_DEFAULTS = {
    "preset": None,
    "side": "main",
    "from_file": None,
    "family": None,
    "engine": "auto",
    "format": "json",
    "out": None,
    "scheduler": None,
    "workers": 2,
    "lead_times": None,
}  # family None: the first registered family


def _field_default(fam, dest: str):
    return {f.name: f.default for f in dataclasses.fields(fam.config)}.get(dest)


def family_options() -> dict[str, tuple]:
    """dest -> (Option, names of the families that declare it), over every family."""
    out: dict[str, tuple] = {}
    for fam in families.all_families().values():
        for opt in fam.options:
            if opt.dest in out:
                first, owners = out[opt.dest]
                if (first.flag, first.type, first.choices) != (opt.flag, opt.type, opt.choices):
                    raise ValueError(f"families {owners[0]} and {fam.name} declare {opt.flag} differently")
                out[opt.dest] = (first, (*owners, fam.name))
            else:
                out[opt.dest] = (opt, (fam.name,))
    return out


def _add_family_options(sim: argparse.ArgumentParser) -> None:
    seen: set[str] = set()
    options = family_options()
    for fam in families.all_families().values():
        group = sim.add_argument_group(f"{fam.name} family", fam.describe or None)
        for opt in fam.options:
            if opt.dest in seen:
                continue
            seen.add(opt.dest)
            owners = options[opt.dest][1]
            also = f"; families: {', '.join(owners)}" if len(owners) > 1 else ""
            default = _field_default(fam, opt.dest)
            group.add_argument(
                opt.flag,
                dest=opt.dest,
                type=opt.type,
                choices=opt.choices,
                metavar=opt.metavar,
                default=argparse.SUPPRESS,
                help=f"{opt.help} (default: {default}{also})".replace("%", "%%"),
            )


def _epilog() -> str:
    parts = []
    for fam in families.all_families().values():
        parts.append(f"{fam.name} metrics: " + "; ".join(f"{k}: {v}" for k, v in fam.metrics.items()))
    return ". ".join(parts).replace("%", "%%") + "."


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
        epilog=_epilog(),
    )
    S = argparse.SUPPRESS  # absent unless given: the config's own default applies
    engines = tuple(dict.fromkeys(e for f in families.all_families().values() for e in f.engines))
    pre = sim.add_argument_group("preset")
    pre.add_argument(
        "--preset",
        metavar="NAME",
        default=S,
        help="start from a preset's full configuration (see the presets command); other flags given explicitly override its fields",
    )
    pre.add_argument(
        "--side",
        choices=("main", "compare"),
        default=S,
        help="with --preset: run its main configuration or its comparison side (default: main)",
    )
    pre.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        default=S,
        help="rerun the configuration (seed and engine included) that a JSON output of this command or an export's config.json records in its provenance block; other flags given explicitly override its fields",
    )
    chain = sim.add_argument_group("chain")
    chain.add_argument(
        "--family",
        choices=families.names(),
        default=S,
        help=f"what is fitted and sampled (default: {families.names()[0]})",
    )
    chain.add_argument(
        "--sample-size",
        type=int,
        default=S,
        metavar="M",
        help="points per generation, 2 to 10^9 (default: 100)",
    )
    chain.add_argument(
        "--generations",
        type=int,
        default=S,
        metavar="G",
        help="models fitted after the truth, 1 to 100000 (default: 200)",
    )
    chain.add_argument(
        "--replicates",
        type=int,
        default=S,
        metavar="R",
        help="independent chains, 1 to 100000 (default: 200)",
    )
    chain.add_argument(
        "--regime",
        choices=REGIMES,
        default=S,
        help="replace: newest data only; accumulate: all data so far; accumulate-subsample: M points drawn from all data so far (default: replace)",
    )
    chain.add_argument(
        "--real-fraction",
        type=float,
        default=S,
        metavar="r",
        help="share of each new batch that is real data, 0 to 1 (default: 0)",
    )
    chain.add_argument(
        "--real-source",
        choices=REAL_SOURCES,
        default=S,
        help="fresh: new real draws every generation; fixed: generation 1's real points reused (default: fresh)",
    )
    chain.add_argument(
        "--seed", type=int, default=S, help="integer seed; omitted: one is drawn and written to the output"
    )
    chain.add_argument(
        "--engine",
        choices=engines,
        default=S,
        help="exact: sufficient statistics, cost independent of M; monte-carlo: draws every point; auto: the fastest engine that applies (default: auto); each family lists its engines",
    )
    dist = sim.add_argument_group("cluster")
    dist.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=S,
        help="run the replicates' blocks (256 each) on Dask: local (a local cluster of --workers processes) "
        "or a scheduler address like tcp://HOST:PORT; the result is the same as without it (default: this process)",
    )
    dist.add_argument(
        "--workers", type=int, default=S, help="worker processes of --scheduler local (default: 2)"
    )
    _add_family_options(sim)
    cli_data.add_arguments(sim)
    out = sim.add_argument_group("output")
    out.add_argument(
        "--format",
        choices=("json", "csv"),
        default=S,
        help="json: config, seed, engine, generations, summary, theory, provenance; csv: one row per generation (default: json)",
    )
    out.add_argument("--out", metavar="FILE", default=S, help="write here instead of standard output")
    out.add_argument(
        "--lead-times",
        nargs="?",
        const=lead_times_mod.DEFAULT_THRESHOLD,
        type=float,
        default=S,
        metavar="THRESHOLD",
        help="instead of the summary: which measurement noticed first, the generation at which each metric's median first moved by more than THRESHOLD (relative, default 0.1) from generation 1 in its harmful direction (text; --format json or csv for a table)",
    )
    lst = sub.add_parser(
        "presets",
        help="list the presets from the papers",
        description="List the presets: name, family, title (and with --format json, everything).",
    )
    lst.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line each; json: full configurations, explanations and citations (default: text)",
    )
    sweep_cli.add_parser(sub)
    return parser


def resolve(given: dict) -> tuple:
    """(family, config fields) from the explicitly given simulate options (and a preset)."""
    run_opts = {k: given.get(k, v) for k, v in _RUN_DEFAULTS.items()}
    fields = {k: v for k, v in given.items() if k not in _RUN_DEFAULTS}
    if run_opts["preset"] is not None:
        preset = presets_mod.get(run_opts["preset"])
        cfg = preset.config if run_opts["side"] == "main" else preset.compare
        if cfg is None:
            raise UsageError(f"preset {preset.name!r} has no comparison side")
        if "family" in given and given["family"] != preset.family:
            raise UsageError(
                f"--family {given['family']} conflicts with preset {preset.name!r} (family {preset.family})"
            )
        run_opts["family"] = preset.family
        fields = {**presets_mod.settings(cfg), **fields}
    elif run_opts["side"] != "main":
        raise UsageError("--side applies with --preset only")
    if run_opts["from_file"] is not None:
        if run_opts["preset"] is not None:
            raise UsageError("--from and --preset both name a configuration: give one")
        cfg, engine = _recorded(run_opts["from_file"])
        if "family" in given and given["family"] != cfg.family:
            raise UsageError(f"--family {given['family']} conflicts with --from (family {cfg.family})")
        run_opts["family"] = cfg.family
        # The recorded engine, named only where auto would pick another (the engine_reason
        # then says it was asked for, as it did when the recorded run asked for it).
        if (
            "engine" not in given
            and engine
            and families.get(cfg.family).choose_engine(cfg, "auto")[0] != engine
        ):
            run_opts["engine"] = engine
        fields = {**dataclasses.asdict(cfg), **fields}
    fam = families.get(run_opts["family"] or families.names()[0])
    own = set(fam.config_fields())
    for dest, (opt, owners) in family_options().items():
        if dest in given and fam.name not in owners:
            raise UsageError(f"{opt.flag} belongs to --family {' / '.join(owners)}, not {fam.name}")
    unknown = [k for k in fields if k not in own]
    if unknown:  # a preset field the family lacks would be a registry bug
        raise UsageError(f"family {fam.name} has no setting {unknown[0]!r}")
    return fam, fields, run_opts


def _recorded(path: str) -> tuple:
    """(config, engine) recorded in a JSON output's or an export's provenance block."""
    from collapse_core.config import config_from_provenance

    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except OSError as exc:
        raise UsageError(f"--from {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"--from {path}: not a JSON file ({exc})") from None
    try:
        cfg = config_from_provenance(doc)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"--from {path}: {exc}") from None
    block = doc.get("provenance", doc) if isinstance(doc, dict) else {}
    engine = block.get("engine") if isinstance(block, dict) else None
    return cfg, engine if isinstance(engine, str) else None


def presets_text(fmt: str) -> str:
    if fmt == "json":
        return json.dumps([p.asdict() for p in presets_mod.PRESETS.values()], indent=1) + "\n"
    width = max(len(n) for n in presets_mod.PRESETS)
    lines = [
        f"{p.name:<{width}}  {p.family:<12}  {p.title}" + ("  [compare]" if p.compare else "")
        for p in presets_mod.PRESETS.values()
    ]
    return "\n".join(lines) + "\n"


def _write(text: str, path: str | None) -> None:
    """To stdout, or to `path` by the package's output rule (collapse_core/safe_write.py):
    a new path or a regular file is replaced atomically, a device or FIFO is written through,
    a symbolic link or a folder is refused."""
    if path is None:
        sys.stdout.write(text)
        return
    safe_write.write_text(path, text)


def _check_out(path: str | None) -> None:
    """--out must name a file: refused before any work is done (exit 2)."""
    if path is not None and (not path.strip() or path.endswith(("/", os.sep))):
        raise UsageError(f"--out needs a file name; got {path!r}")


class OutputProblem(Exception):
    """An output path that cannot be written: one line on stderr, exit status 1."""


def _check_writable(path: str | None) -> None:
    """Refuse a link, a folder or an unusable name (too long...) before any work is done."""
    if path is None:
        return
    try:
        safe_write.classify(path)
    except OSError as exc:
        raise OutputProblem(safe_write.one_line_error(exc, path)) from None


def lead_times_text(lt, fmt: str | None) -> str:
    """The lead-time table: plain text, or (asked for) JSON or CSV."""
    if fmt == "json":
        return json.dumps(lt.asdict()) + "\n"
    if fmt == "csv":
        lines = ["metric,group,harm,generation"]
        lines += [
            f"{r.metric},{r.group},{r.direction},{'' if r.generation is None else r.generation}"
            for r in lt.rows
        ]
        return "\n".join(lines) + "\n"
    return lead_times_mod.text_table(lt)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    allocator.keep_freed_memory()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError("a command is required: simulate, sweep or presets (see --help)")
        if args.command == "sweep":
            return sweep_cli.run(args)
        if args.command == "presets":
            sys.stdout.write(presets_text(args.format))
            return 0
        given = {k: v for k, v in vars(args).items() if k != "command"}
        own_data, given = cli_data.split(given)
        fam, fields, run_opts = resolve(given)
        fields = cli_data.apply(own_data, fam, fields)
        _check_out(run_opts["out"])
        _check_writable(run_opts["out"])
        cfg = fam.config(**fields)
        if run_opts["lead_times"] is not None:
            lead_threshold = lead_times_mod.check_threshold(run_opts["lead_times"])
        if run_opts["scheduler"] is None:
            res = simulate(cfg, engine=run_opts["engine"], budget=budget_mod.BATCH)
        else:
            if not 1 <= run_opts["workers"] <= 64:
                raise UsageError(f"--workers must be from 1 to 64; got {run_opts['workers']}")
            from collapse_core.split_run import simulate_on

            res = simulate_on(
                cfg, run_opts["scheduler"], run_opts["engine"], budget_mod.BATCH, run_opts["workers"]
            )
        th = fam.theory(res.config)
    except MissingExtra as exc:  # an optional package this family needs: one line, exit 1
        print(f"{PROG}: error: {one_line(exc)}", file=sys.stderr)
        return 1
    except (UsageError, ValueError) as exc:
        print(f"{PROG}: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except (OutputProblem, OSError) as exc:  # OSError: a scheduler that does not answer
        print(f"{PROG}: error: {one_line(exc)}", file=sys.stderr)
        return 1
    if run_opts["lead_times"] is not None:
        text = lead_times_text(lead_times_mod.lead_times(res, lead_threshold), given.get("format"))
    else:
        doc = document(res, th)
        text = json.dumps(doc) + "\n" if run_opts["format"] == "json" else csv_text(doc)
    try:
        _write(text, run_opts["out"])
    except OSError as exc:
        print(f"{PROG}: error: {one_line(safe_write.one_line_error(exc, run_opts['out']))}", file=sys.stderr)
        return 1
    return 0
