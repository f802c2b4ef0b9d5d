"""`python -m collapse_core sweep`: the sweep subcommand (added to the core parser by
collapse_core/cli.py through `add_parser` and run through `run`).

    python -m collapse_core sweep --family gaussian --vary sample_size=10,30,100,300,1000 \\
        --vary real_fraction=0:0.5:11 --generations 500 --metric variance_ratio:median \\
        --out sweep.parquet

Base settings use the simulate command's flags (--sample-size, --truth, ...); --vary
FIELD=a,b,c or FIELD=start:stop:count (evenly spaced, ends included; :log for geometric).
A progress bar goes to stderr; Ctrl-C stops and still writes the cells that finished.
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import threading
from pathlib import Path

from collapse_core import families
from collapse_core.result import SUMMARY_STATS
from collapse_core.sweep.spec import RESERVED, Axis, SweepSpec, parse_values

ENV_HELP = "COLLAPSE_DASK_SCHEDULER"


def _base_fields() -> dict[str, tuple[type, tuple[str, ...]]]:
    """Config field -> (type of its default, families that have it), over every family."""
    out: dict[str, tuple[type, tuple[str, ...]]] = {}
    for fam in families.all_families().values():
        for f in dataclasses.fields(fam.config):
            if (
                f.name in RESERVED
                or isinstance(f.default, bool)
                or not isinstance(f.default, (int, float, str))
            ):
                continue
            kind, owners = out.get(f.name, (type(f.default), ()))
            out[f.name] = (kind, (*owners, fam.name))
    return out


def add_parser(sub) -> argparse.ArgumentParser:
    """Add the `sweep` subcommand to the core parser's subparsers."""
    S = argparse.SUPPRESS
    p = sub.add_parser(
        "sweep",
        help="run a grid of simulations (a parameter sweep) and write a tidy table",
        description=(
            "Run one simulation per cell of a grid over one to three settings and write one row per "
            "cell x metric x generation read (value, 95%% Monte Carlo interval, seed) as Parquet and "
            "CSV, with a provenance JSON beside them. Each cell's seed is derived from --seed "
            "(numpy SeedSequence spawn), so results do not depend on scheduling or worker count."
        ),
        epilog=f"Cells run on a local Dask cluster by default; set {ENV_HELP}=tcp://HOST:PORT or "
        "--scheduler to use an existing one (its workers need this package importable).",
    )
    p.add_argument(
        "--family",
        choices=families.names(),
        default="gaussian",
        help="what is fitted and sampled (default: gaussian)",
    )
    p.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="FIELD=VALUES",
        help="a swept setting: FIELD=a,b,c or FIELD=start:stop:count (linspace; start:stop:count:log "
        "for geometric); one to three times",
    )
    p.add_argument(
        "--metric",
        action="append",
        default=[],
        metavar="NAME[:STAT]",
        help=f"metric read per cell and its statistic across replicates, one of {', '.join(SUMMARY_STATS)} "
        "(default: median); repeatable",
    )
    p.add_argument(
        "--at-generation",
        default="last",
        metavar="GENS",
        help="generations read per cell: last (each cell's G), all, or integers a,b,c (default: last)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        help="root seed of every cell's seed; omitted: one is drawn and recorded",
    )
    p.add_argument("--engine", default="auto", help="engine for every cell (default: auto)")
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="MODE",
        help=f"serial (this process, no Dask), local (a LocalCluster of processes), or tcp://HOST:PORT "
        f"(default: ${ENV_HELP}, else local)",
    )
    p.add_argument(
        "--scheduler-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long a scheduler address may take to answer before the sweep gives up (default: 10)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="worker processes of the local cluster (one thread each; default: 2)",
    )
    p.add_argument(
        "--out",
        required=False,
        default=None,
        metavar="FILE",
        help="FILE.parquet or FILE.csv: both are written, plus FILE.provenance.json",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    base = p.add_argument_group("base settings (shared by every cell; each family's defaults otherwise)")
    helps = {o.dest: o.help for f in families.all_families().values() for o in f.options}
    for name, (kind, owners) in _base_fields().items():
        text = (helps.get(name, name.replace("_", " ")) + f" (families: {', '.join(owners)})").replace(
            "%", "%%"
        )
        base.add_argument(
            f"--{name.replace('_', '-')}",
            dest=f"base__{name}",
            type=kind,
            default=S,
            metavar=name.upper(),
            help=text,
        )
    return p


def _metric(text: str) -> tuple[str, str]:
    name, _, stat = text.partition(":")
    return name.strip(), (stat.strip() or "median")


def _read(text: str):
    text = text.strip()
    if text in ("last", "all"):
        return text
    try:
        return tuple(int(g) for g in text.split(","))
    except ValueError:
        raise ValueError(f"--at-generation: last, all or integers a,b,c; got {text!r}") from None


def spec_from_args(args) -> SweepSpec:
    from collapse_core.streams import fresh_seed

    fam = families.get(args.family)
    own = set(fam.config_fields())
    fields = _base_fields()
    base = {}
    for key, value in vars(args).items():
        if key.startswith("base__"):
            name = key[len("base__") :]
            if name not in own:
                raise ValueError(
                    f"--{name.replace('_', '-')} belongs to --family {' / '.join(fields[name][1])}, "
                    f"not {fam.name}"
                )
            base[name] = value
    if not args.vary:
        raise ValueError("give one to three --vary FIELD=VALUES")
    axes = []
    for v in args.vary:
        name, eq, values = v.partition("=")
        if not eq:
            raise ValueError(f"--vary needs FIELD=VALUES; got {v!r}")
        name = name.strip().replace("-", "_")
        if name in base:
            raise ValueError(f"{name} is both set (--{name.replace('_', '-')}) and varied")
        axes.append(Axis(name, parse_values(fam, name, values)))
    if not args.metric:
        raise ValueError(
            f"give at least one --metric NAME[:STAT]; {fam.name} metrics: {', '.join(fam.metrics)}"
        )
    seed = fresh_seed() if args.seed is None else args.seed
    return SweepSpec(
        family=fam.name,
        base=base,
        axes=tuple(axes),
        metrics=tuple(_metric(m) for m in args.metric),
        read=_read(args.at_generation),
        root_seed=seed,
        engine=args.engine,
    )


class _Stop:
    """SIGINT and SIGTERM while a sweep runs: the first raises KeyboardInterrupt in the main
    thread (SIGTERM from `timeout`, systemd or a cluster scheduler as Ctrl-C would), so the
    finished cells are kept; any later one, and any that arrives while the table is being
    written, is only noted, so the files are always written whole and the exit is clean."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self.signum: int | None = None
        self.old: dict = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            # A signal this process was started ignoring (a background job's SIGINT) stays ignored.
            self.old = {
                s: signal.signal(s, self._first)
                for s in self.SIGNALS
                if signal.getsignal(s) is not signal.SIG_IGN
            }
        return self

    def _first(self, signum, frame):
        self.signum = signum
        self.defer()
        raise KeyboardInterrupt

    def _later(self, signum, frame):
        self.signum = self.signum or signum
        print("stopping: writing the cells that finished", file=sys.stderr)

    def defer(self) -> None:
        """From now on a signal is noted, never raised."""
        for s in self.old:
            signal.signal(s, self._later)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum if self.signum else 130

    def __exit__(self, *exc):
        if self.signum is None:  # once stopped by a signal, stay deferred until the process exits
            for s, h in self.old.items():
                signal.signal(s, h)
        return False


def run(args) -> int:
    """Run the parsed `sweep` command. Usage errors raise ValueError (exit 2 in the core CLI);
    an unwritable or refused output, or a scheduler that does not answer, exits 1 with one
    line; Ctrl-C (once or twice) or SIGTERM exits 130 / 143 after writing the cells that
    finished."""
    with _Stop() as stop:
        try:
            return _run(args, stop)
        except KeyboardInterrupt:  # before the first cell started: nothing to keep
            print(
                "python -m collapse_core sweep: interrupted before any cell finished; nothing written",
                file=sys.stderr,
            )
            return stop.exit_code


def _run(args, stop: _Stop) -> int:
    from collapse_core import safe_write
    from collapse_core.budget import BATCH
    from collapse_core.sweep.io import check_paths, paths_for
    from collapse_core.sweep.runner import SchedulerError, probe_scheduler, resolve_scheduler, run_sweep

    prog = "python -m collapse_core sweep"
    if args.out is None:
        raise ValueError("--out FILE.parquet (or FILE.csv) is required")
    paths_for(args.out)
    if not 1 <= args.workers <= 64:
        raise ValueError(f"--workers must be from 1 to 64; got {args.workers}")
    if not 0 < args.scheduler_timeout <= 3600:
        raise ValueError(
            f"--scheduler-timeout must be more than 0 and at most 3600 seconds; got {args.scheduler_timeout}"
        )
    spec = spec_from_args(args)
    scheduler = resolve_scheduler(args.scheduler)
    # Every cell's settings and budget, and the whole grid's CPU-seconds, before any work.
    spec.validate_cells(BATCH, grid=BATCH)
    try:
        parent = Path(args.out).absolute().parent
        if not parent.is_dir():
            print(f"{prog}: error: cannot write {args.out}: no directory {parent}", file=sys.stderr)
            return 1
        check_paths(args.out)
    except OSError as exc:
        print(f"{prog}: error: {safe_write.one_line_error(exc, args.out)}", file=sys.stderr)
        return 1
    if "://" in scheduler:
        try:
            probe_scheduler(scheduler, args.scheduler_timeout)
        except SchedulerError as exc:
            print(f"{prog}: error: {exc}", file=sys.stderr)
            return 1
    bar = None
    if not args.no_progress:
        from tqdm import tqdm

        bar = tqdm(
            total=spec.n_cells, unit="cell", file=sys.stderr, desc=f"sweep ({scheduler})", dynamic_ncols=True
        )
    try:
        res = run_sweep(
            spec,
            scheduler=scheduler,
            n_workers=args.workers,
            grid_budget=BATCH,
            connect_timeout=args.scheduler_timeout,
            on_cell=(lambda i, rows, done: bar.update(1)) if bar else None,
        )
    except (OSError, TimeoutError) as exc:
        stop.defer()
        if bar is not None:
            bar.close()
        print(f"{prog}: error: cannot reach the scheduler {scheduler}: {exc}", file=sys.stderr)
        return 1
    stop.defer()  # a signal from here on must not cut the files short
    if bar is not None:
        bar.close()
    try:
        written = res.write(args.out)
    except OSError as exc:
        print(f"{prog}: error: {safe_write.one_line_error(exc, args.out)}", file=sys.stderr)
        return 1
    if res.interrupted or stop.signum:
        name = signal.Signals(stop.signum).name if stop.signum else "SIGINT"
        print(
            f"{prog}: interrupted: {res.cells_done} of {spec.n_cells} cells finished ({name}); written to "
            f"{', '.join(written)}",
            file=sys.stderr,
        )
        return stop.exit_code
    print(f"{spec.n_cells} cells in {res.elapsed:.1f} s; written to {', '.join(written)}", file=sys.stderr)
    return 0
