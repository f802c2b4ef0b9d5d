"""MkDocs hook: tables and help texts written from the code, never copied into the docs.

A page asks for one with an HTML comment (invisible where the Markdown is read raw):
    <!-- metrics: gaussian -->   the family's metric names and meanings (Family.metrics)
    <!-- options: gaussian -->   its own command-line options (Family.options) with defaults
    <!-- presets: gaussian -->   its presets: title, explanation, citation (Family.presets)
    <!-- engines: gaussian -->   its engines
    <!-- cli: simulate -->       `python -m collapse_core simulate --help` (also sweep, presets)
    <!-- url-flags -->           every page's URL settings (the app's registry of pages)
An unknown name fails the build, so a renamed family or command cannot leave a stale page.
"""

from __future__ import annotations

import dataclasses
import io
import re
from contextlib import redirect_stdout

MARKER = re.compile(r"<!--\s*([a-z-]+)(?::\s*([a-z_-]+))?\s*-->")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def metrics(name: str) -> str:
    from collapse_core import families

    rows = [f"| `{_cell(k)}` | {_cell(v)} |" for k, v in families.get(name).metrics.items()]
    return "\n".join(["| metric | meaning |", "| --- | --- |", *rows])


def options(name: str) -> str:
    from collapse_core import families

    fam = families.get(name)
    defaults = {f.name: f.default for f in dataclasses.fields(fam.config)}
    rows = [
        f"| `{o.flag}` | {_cell(o.help)} | {_cell(', '.join(map(str, o.choices)) if o.choices else '')} "
        f"| `{_cell(defaults.get(o.dest))}` |"
        for o in fam.options
    ]
    if not rows:
        return "This family has no options beyond the chain's."
    return "\n".join(["| option | meaning | choices | default |", "| --- | --- | --- | --- |", *rows])


def presets(name: str) -> str:
    from collapse_core import families

    out = []
    for p in families.get(name).presets:
        compare = " Compares two sides on one seed." if p.compare is not None else ""
        out.append(f"- **{p.title}** (`{p.name}`): {p.explanation}{compare}\n  *{p.citation}*")
    return "\n".join(out) if out else "This family has no presets."


def engines(name: str) -> str:
    from collapse_core import families

    return ", ".join(f"`{e}`" for e in families.get(name).engines)


def cli(command: str) -> str:
    from collapse_core import cli as cli_mod

    parser = cli_mod.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices  # argparse keeps no public map
    if command not in sub:
        raise ValueError(f"no command {command!r}; commands: {', '.join(sub)}")
    buf = io.StringIO()
    with redirect_stdout(buf):
        sub[command].print_help()
    return "```text\n" + buf.getvalue().rstrip() + "\n```"


def _allowed(p) -> str:
    if getattr(p, "options", None):
        return ", ".join(f"`{o}`" for o in p.options)
    if hasattr(p, "low") and hasattr(p, "high"):
        return f"{p.low:g} to {p.high:g}"
    if type(p).__name__ == "BoolParam":
        return "`1` or `0`"
    return ""


def url_flags(_: str | None = None) -> str:
    from collapse_ui import registry

    out = []
    for spec in registry.nav_pages():
        params = tuple(getattr(spec, "params", ()) or ())
        if not params:
            continue
        out.append(f"### {spec.title} (`/{spec.url_path}`)\n")
        out += ["| key | setting | default | allowed |", "| --- | --- | --- | --- |"]
        out += [
            f"| `{p.name}` | {_cell(p.label)} | `{_cell(p.format(p.default))}` | {_allowed(p)} |"
            for p in params
        ]
        out.append("")
    return "\n".join(out)


def on_config(config):
    """The checkout's packages importable (mkdocs runs from the checkout, not installed)."""
    import os
    import sys

    root = os.path.dirname(os.path.abspath(config.config_file_path))
    if root not in sys.path:
        sys.path.insert(0, root)
    return config


MAKERS = {
    "metrics": metrics,
    "options": options,
    "presets": presets,
    "engines": engines,
    "cli": cli,
    "url-flags": url_flags,
}


def on_page_markdown(markdown: str, page, config, files) -> str:
    def replace(m: re.Match) -> str:
        kind, arg = m.group(1), m.group(2)
        if kind not in MAKERS:
            return m.group(0)  # an ordinary comment
        return MAKERS[kind](arg)

    return MARKER.sub(replace, markdown)
