"""Export a page's charts for slides from the command line, without a browser session.

    python -m collapse_ui.export --preset paper-gaussian --out slides/
    python -m collapse_ui.export --page gaussian --set sample_size=50 --set seed=7 --out slides/ \\
        --format png,csv --width 1280 --height 720

Writes the same files as the page's "Export for slides" panel (not zipped), through the same
chart builders (collapse_ui/exporting/pages.py), without Streamlit or its cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from collapse_core import presets, safe_write
from collapse_core.cli import OneLineParser, UsageError, one_line
from collapse_ui.exporting import pack, pages, renderer

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _pages_help() -> str:
    return "\n".join(
        f"  {name}"
        + (f" (also {', '.join(spec.aliases)})" if spec.aliases else "")
        + f": {', '.join(p.name for p in spec.params)}"
        for name, spec in pages.PAGES.items()
    )


EPILOG = f"""\
Files written (NAME carries the page, key settings and seed, e.g. gaussian_M100_G200_..._seed1):
  png/NAME_<n>-<chart>.png   (width x scale) x (height x scale) pixels
  svg/NAME_<n>-<chart>.svg   width x height, vector
  NAME.html                  every chart, interactive, works offline
  data/NAME_<n>-<chart>.csv  the plotted numbers (trace, xaxis, yaxis, x, y)
  config.json                page settings and the simulation config, seed included
  permalink.txt, README.txt  the link that reopens the same picture in the app

PNG and SVG need Chromium (apt-get install chromium, or BROWSER_PATH=/path/to/chrome).

Presets: {", ".join(sorted(presets.PRESETS))}
Pages and their settings for --set (the page's URL keys):
{_pages_help()}

Exit status: 0 written; 1 could not write or render (folder not writable, Chromium missing or
failing); 2 usage error (unknown preset, page, setting, format or bad size).
"""


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(
        prog="python -m collapse_ui.export",
        description="Write a page's charts as slide-ready PNG/SVG, interactive HTML, CSV and JSON.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--preset", metavar="NAME", help="a preset from the papers (list below)")
    what.add_argument(
        "--page", metavar="PAGE", help="a page, at its default settings (change them with --set)"
    )
    p.add_argument(
        "--set",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        dest="settings",
        help="change one setting, as in the page's URL (repeatable; also over a preset)",
    )
    p.add_argument(
        "--out", metavar="DIR", required=True, help="folder to write into (created once the pack is built)"
    )
    p.add_argument(
        "--format",
        default="png,svg,html,csv,json",
        help=f"comma-separated subset of {','.join(pack.FORMATS)} (default: all)",
    )
    p.add_argument("--width", type=int, default=1920, help="picture width in pixels (default 1920)")
    p.add_argument("--height", type=int, default=1080, help="picture height in pixels (default 1080)")
    p.add_argument(
        "--scale",
        type=float,
        default=2.0,
        help="PNG pixel density: 2 gives a 3840x2160 PNG for 1920x1080 (default 2)",
    )
    p.add_argument("--no-caption", action="store_true", help="leave out the settings line under each chart")
    p.add_argument(
        "--base-url",
        default=pages.DEFAULT_BASE_URL,
        help=f"the app's address, for the permalink (default {pages.DEFAULT_BASE_URL})",
    )
    return p


def resolve(args: argparse.Namespace) -> tuple[pages.PageSpec, dict]:
    """(page spec, settings) from --preset/--page and --set; UsageError on anything unknown."""
    if args.preset is not None:
        try:
            preset = presets.get(args.preset)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if preset.page not in pages.PAGES:
            raise UsageError(f"preset {preset.name!r} is for the {preset.page} page, which has no export yet")
        spec = pages.PAGES[preset.page]
        # The preset (and its comparison) travel with the permalink, as the page's link has them.
        base = {
            **spec.values_from_preset(preset),
            "preset": preset.name,
            "compare": "preset" if preset.compare is not None else "off",
        }
    else:
        try:
            spec = pages.get(args.page)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        base = spec.defaults()
    query = {}
    for item in args.settings:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set needs KEY=VALUE; got {item!r}")
        query[key.strip()] = value
    try:
        values = spec.values_from_query(query, base)
    except ValueError as exc:
        raise UsageError(f"--set: {exc}") from None
    return spec, values


def formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in chosen if f not in pack.FORMATS]
    if bad or not chosen:
        raise UsageError(
            f"--format: unknown {', '.join(bad) or 'empty list'}; choose from {','.join(pack.FORMATS)}"
        )
    return chosen


def output_folder(text: str) -> Path:
    """--out as a clean path: not empty, `..` resolved in the text (so `deep/../o2` is `o2`
    and no `deep/` is made), not an existing file."""
    if not text.strip():
        raise UsageError("--out needs a folder name; got an empty value")
    out = Path(os.path.normpath(text))
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {text!r} is a file, not a folder")
    safe_write.check_folder(out)  # a link is refused (OSError, exit 1), never followed
    return out


def base_url(text: str) -> str:
    """--base-url must be a web address: a javascript: or data: link in the exported HTML
    would run in whoever opens it."""
    parsed = urlparse(text.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(f"--base-url must start with http:// or https:// and name a host; got {text[:80]!r}")
    return text.strip()


def _existing_ancestor(out: Path) -> Path:
    path = out.absolute()
    while not path.exists():
        path = path.parent
    return path


def writable_folder(out: Path) -> None:
    """Prove, before any work is done, that the folder (or the nearest existing folder above
    it, where it will be made) takes a file. Nothing is created here."""
    where = _existing_ancestor(out)
    try:
        with tempfile.NamedTemporaryFile(dir=where, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise OSError(f"cannot write to {out}: {exc.strerror or exc}") from None


def _plan(files: dict[str, bytes], out: Path) -> bool:
    """Check every path the pack will write by the package's output rule, before anything is
    moved: `out` and each folder inside it must be a real folder or not there yet (a link is
    refused, never followed), each file new, regular, a device or a FIFO. True if `out` exists."""
    if not safe_write.check_folder(out):
        return False
    for name in files:
        folder = out
        for part in Path(name).parts[:-1]:
            folder = folder / part
            if not safe_write.check_folder(folder):
                break
        else:
            safe_write.classify(out / name)
    return True


def write(files: dict[str, bytes], out: Path) -> None:
    """All files into a temporary folder beside `out`, then moved into place: a failure leaves
    no partly written pack behind (and no empty folder). Into an existing folder, each file is
    moved in by the package's output rule (collapse_core/safe_write.py): renamed over a new
    path or a regular file, written through into a device or FIFO; links are refused."""
    exists = _plan(files, out)
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name[:40]}.partial-"))
    try:
        for name, data in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if not exists:
            os.rename(tmp, out)
            return
        for path in sorted(p for p in tmp.rglob("*") if p.is_file()):
            target = out / path.relative_to(tmp)
            target.parent.mkdir(parents=True, exist_ok=True)
            safe_write.replace_from(path, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    prog = "collapse_ui.export"
    try:
        args = parser().parse_args(argv)
        fmts = formats(args.format)
        pack.check_size(args.width, args.height, args.scale)
        args.out = output_folder(args.out)
        args.base_url = base_url(args.base_url)
        spec, values = resolve(args)
    except (UsageError, ValueError) as exc:
        print(f"{prog}: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # --out refused (a link) or unusable (a name too long...)
        print(
            f"{prog}: error: {one_line(safe_write.one_line_error(exc, getattr(args, 'out', None)))}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if any(f in pack.IMAGE_FORMATS for f in fmts) and not renderer.available():
        print(
            f"{prog}: error: {one_line(renderer.ENABLE_HINT)} (or leave png,svg out of --format)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        writable_folder(args.out)
    except OSError as exc:
        print(f"{prog}: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    try:
        req = spec.pack_request(
            values,
            base_url=args.base_url,
            caption=not args.no_caption,
            formats=fmts,
            width=args.width,
            height=args.height,
            scale=args.scale,
        )
    except ValueError as exc:  # e.g. the simulation's own validation or work budget
        print(f"{prog}: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        files = pack.build_files(req)
        write(files, args.out)
    except renderer.ExportUnavailable as exc:
        print(f"{prog}: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"{prog}: error: {one_line(safe_write.one_line_error(exc, args.out))}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {len(files)} files to {os.fspath(args.out)} ({req.stem})")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
